using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using DslCrossReg.Checkpoints;
using DslCrossReg.Systems.Tests.Infrastructure;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace DslCrossReg.Systems.Tests.DocSamples;

/// <summary>
/// docs/user-modules-and-attention.md's code runs: every block the page marks <c>&lt;!-- sample: name --&gt;</c> is,
/// word for word, the region of this folder's sources between <c>// sample: name</c> and <c>// end sample</c>, which
/// compile here and run below.
/// </summary>
public sealed class DocSampleTests : IDisposable
{
    private const string Page = "docs/user-modules-and-attention.md";
    private readonly string directory = Path.Combine(Path.GetTempPath(), "dcr-docsamples-" + Guid.NewGuid().ToString("N"));
    private readonly string previousDirectory = Environment.CurrentDirectory;

    public DocSampleTests()
    {
        Directory.CreateDirectory(directory);
        Environment.CurrentDirectory = directory;   // the samples write their files where they run
    }

    public void Dispose()
    {
        Environment.CurrentDirectory = previousDirectory;
        Directory.Delete(directory, recursive: true);
    }

    [Fact]
    public void Every_sample_on_the_page_is_the_code_compiled_here()
    {
        string root = RepositoryRoot();
        var page = Regex.Matches(File.ReadAllText(Path.Combine(root, Page)), @"<!-- sample: ([\w-]+) -->\s*```csharp\n(.*?)```", RegexOptions.Singleline)
            .ToDictionary(m => m.Groups[1].Value, m => Normalise(m.Groups[2].Value));
        var code = new Dictionary<string, string>();
        foreach (var file in Directory.GetFiles(Path.Combine(root, "tests", "DslCrossReg.Systems.Tests", "DocSamples"), "*.cs"))
            foreach (Match m in Regex.Matches(File.ReadAllText(file), @"// sample: ([\w-]+)\n(.*?)\n\s*// end sample", RegexOptions.Singleline))
                code.Add(m.Groups[1].Value, Normalise(m.Groups[2].Value));
        Assert.Equal(code.Keys.OrderBy(k => k), page.Keys.OrderBy(k => k));
        foreach (var (name, text) in code) Assert.Equal(text, page[name]);
    }

    [Fact]
    public void The_declared_networks_have_the_shapes_the_page_states()
    {
        Assert.Equal(new[] { 64 }, GatedClassifier.GatedShape);
        Assert.Equal(new[] { 16, 32 }, TextEncoder.AttendedShape);
        using var scope = torch.NewDisposeScope();
        using var text = new TextEncoder();
        var output = text.call(torch.randint(0, 1000, new long[] { 3, 16 }, ScalarType.Int64));
        Assert.Equal(new long[] { 3, 2 }, output.Result.shape);
        Assert.Equal(new long[] { 3, 32 }, output.Embedding.shape);
        Assert.Contains(text.named_parameters(), p => p.name == "module1.positions");
    }

    [Fact]
    public void Training_saving_and_loading_one_network_works_as_the_page_shows()
    {
        using var scope = torch.NewDisposeScope();
        var x = SyntheticBatches.Features(1, 64, 20);
        var labels = SyntheticBatches.Labels(2, 64, 10);

        // sample: one-network-workflow
        using (var alone = new TeacherAlone(seed: 1))
        {
            for (int step = 0; step < 50; step++) alone.Step(new TeacherAlone.Batch(x, labels));
            alone.Save("teacher.dcrckpt");          // to resume training: weights, optimizer state, step count, random state
            alone.Teacher.save("teacher.weights");  // the network alone: TorchSharp's file of its parameters and buffers
        }

        using var teacher = new GatedClassifier();  // a bare network, e.g. for inference
        teacher.load("teacher.weights");
        teacher.eval();
        var logits = teacher.call(x).Result;

        using var distilled = new Distilled(seed: 2);
        distilled.Teacher.load("teacher.weights");  // the frozen teacher now holds the trained weights
        distilled.Step(new Distilled.Batch(x, x, StudentTarget: labels));
        distilled.Save("distilled.dcrckpt", includeFrozenMembers: false);   // a fingerprint of the teacher, not a copy
        // end sample

        // The system's checkpoint, the weights file and the frozen member all hold the same trained teacher.
        using var resumed = new TeacherAlone(seed: 99);
        resumed.Load("teacher.dcrckpt");
        Assert.Equal(50, resumed.StepCount);
        ParameterState.AssertSame(resumed.Teacher, teacher, "teacher from its weights file");
        ParameterState.AssertSame(resumed.Teacher, distilled.Teacher, "the distilled system's frozen teacher");
        Assert.True(resumed.Evaluate(new TeacherAlone.Batch(x)).Teacher.Result.eq(logits).all().item<bool>());
        // It learned: better than chance on its training batch.
        Assert.True(logits.argmax(1).eq(labels).sum().ToInt64() > 32, "the teacher did not learn its 64 training labels");

        // Loaded into a trained member, the weights are what its optimizer then updates (they stay in its buffer).
        using var continued = new TeacherAlone(seed: 7);
        continued.Teacher.load("teacher.weights");
        ParameterState.AssertSame(resumed.Teacher, continued.Teacher, "weights loaded into a trained member");
        var loaded = ParameterState.Copy(continued.Teacher);
        using (var trained = resumed.Loss(new TeacherAlone.Batch(x, labels)))
            Assert.Equal(trained.Total.ToDouble(), continued.Step(new TeacherAlone.Batch(x, labels)).Total);
        ParameterState.AssertChanged(loaded, continued.Teacher, "a step after loading");

        // The distilled checkpoint loads only beside the teacher it was trained against.
        using var again = new Distilled(seed: 3);
        Assert.Throws<CheckpointException>(() => again.Load("distilled.dcrckpt"));
        again.Teacher.load("teacher.weights");
        again.Load("distilled.dcrckpt");
        ParameterState.AssertSame(distilled.Student, again.Student, "the distilled student");
    }

    // Line endings and each line's trailing blanks aside, and the region's common indentation removed.
    private static string Normalise(string text)
    {
        var lines = text.Replace("\r\n", "\n").TrimEnd().Split('\n').Select(l => l.TrimEnd()).ToList();
        int indent = lines.Where(l => l.Length > 0).Select(l => l.Length - l.TrimStart().Length).DefaultIfEmpty(0).Min();
        return string.Join("\n", lines.Select(l => l.Length >= indent ? l.Substring(indent) : l)).Trim('\n');
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "DslCrossReg.sln"))) directory = directory.Parent;
        Assert.NotNull(directory);
        return directory.FullName;
    }
}
