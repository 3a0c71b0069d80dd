using System;
using DslCrossReg.Data;

namespace DslCrossReg.Examples;

/// <summary>The MNIST digits every example trains on, split the same way everywhere.</summary>
public static class Digits
{
    /// <summary>Training digits in quick mode.</summary>
    public const int QuickTrain = 1024;

    /// <summary>Test digits in quick mode.</summary>
    public const int QuickTest = 512;

    /// <summary>
    /// Loads the embedded digits (or <see cref="ExampleOptions.DataDirectory"/>), splits them 80/20 stratified by
    /// <see cref="ExampleOptions.Seed"/>, takes the quick subset when asked, and says so on the console.
    /// </summary>
    public static (MnistDataset Train, MnistDataset Test) Load(ExampleOptions options)
    {
        var digits = options.DataDirectory is null ? MnistDataset.LoadEmbedded() : MnistDataset.Load(options.DataDirectory);
        var (train, test) = digits.Split(testFraction: 0.2, options.Seed);
        if (options.Quick) (train, test) = (train.Take(QuickTrain), test.Take(QuickTest));
        Console.WriteLine($"{digits.Count} digits: {train.Count} for training, {test.Count} for testing (stratified, seed {options.Seed}).");
        return (train, test);
    }
}
