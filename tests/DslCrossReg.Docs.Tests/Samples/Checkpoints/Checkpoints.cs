using System;
using DocSamples.Systems;
using DslCrossReg.Checkpoints;
using DslCrossReg.Training;

namespace DocSamples.Checkpoints;

public static class SavingAndLoading
{
    /// <summary>The checkpoints page: N steps, save, load into a fresh system, one more step on each.</summary>
    public static (StepResult Continued, StepResult Resumed) SaveAndResume(TwoViews.Batch batch, string path, int steps)
    {
        #region save-load
        using var system = new TwoViews(seed: 42);
        for (int i = 0; i < steps; i++) system.Step(batch);
        system.Save(path);                        // atomic: a failure leaves the previous file as it was

        using var resumed = new TwoViews(seed: 7);  // any seed: Load replaces parameters, optimizers, step count, RNG
        resumed.Load(path);
        StepResult a = system.Step(batch), b = resumed.Step(batch);   // equal, bit for bit, on the CPU
        #endregion
        return (a, b);
    }

    /// <summary>A teacher saved once, then kept by reference in the student's checkpoints.</summary>
    public static void ByReference(string teacherPath, string studentPath)
    {
        #region frozen-by-reference
        using var distilled = new TeacherStudent(seed: 1);
        distilled.Teacher.load(teacherPath);                      // the trained teacher (TorchSharp's Module.load)
        distilled.Save(studentPath, includeFrozenMembers: false);  // stores the teacher's fingerprint, not its weights

        using var later = new TeacherStudent(seed: 1);
        later.Teacher.load(teacherPath);                          // load the same teacher first …
        later.Load(studentPath);                                  // … or Load refuses the checkpoint
        #endregion
    }

    /// <summary>Loading the wrong file: refused, and the system is as before.</summary>
    public static void Refused(Independent other, string twoViewsCheckpoint)
    {
        #region refused
        try
        {
            other.Load(twoViewsCheckpoint);   // a checkpoint of TwoViews, not of Independent
        }
        catch (CheckpointException e)
        {
            // Checkpoint '….dcrckpt': belongs to system 'TwoViews', not 'Independent'
            Console.WriteLine(e.Message);
        }
        #endregion
    }
}
