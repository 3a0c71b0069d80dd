using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using DslCrossReg.Fitting;
using DslCrossReg.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace DslCrossReg.Examples.TwoViewMnist;

/// <summary>One row of the results table.</summary>
public sealed record ResultRow(
    string Method,
    IReadOnlyDictionary<string, double> Accuracy,
    double? RecallAt1,
    IReadOnlyDictionary<string, double> FinalTerms,
    TimeSpan WallTime,
    string Notes);

/// <summary>
/// The main job: the same two-view MNIST task trained with every cross method, same seed, same data order,
/// same budget, so the table compares the methods and nothing else.
/// </summary>
public sealed class Experiment
{
    /// <summary>Every method the experiment knows, in table order.</summary>
    public static readonly string[] AllMethods = { "independent", "embedding", "contrastive", "distillation", "ensemble" };

    private readonly ExampleOptions options;
    private readonly IReadOnlyList<string> methods;
    private readonly Views train;
    private readonly Views test;

    public Experiment(ExampleOptions options, IReadOnlyList<string> methods, Views train, Views test)
    {
        this.options = options;
        this.methods = methods;
        this.train = train;
        this.test = test;
    }

    /// <summary>Runs the selected methods and returns their rows.</summary>
    public IReadOnlyList<ResultRow> Run()
    {
        var rows = new List<ResultRow>();
        foreach (var method in methods)
        {
            rows.AddRange(method switch
            {
                "independent" => new[]
                {
                    TwoViews<IndependentViews, IndependentViews.Batch, IndependentViews.Outputs>(
                        "Independent", new IndependentViews(options.Seed), (l, r, y) => new IndependentViews.Batch(l, r, y, y),
                        o => (o.Left, o.Right), "no cross term"),
                },
                "embedding" => new[]
                {
                    TwoViews<EmbeddingViews, EmbeddingViews.Batch, EmbeddingViews.Outputs>(
                        "EmbeddingDistance", new EmbeddingViews(options.Seed), (l, r, y) => new EmbeddingViews.Batch(l, r, y, y),
                        o => (o.Left, o.Right), "mean ‖e_L − e_R‖₂ × 0.1"),
                },
                "contrastive" => new[]
                {
                    TwoViews<ContrastiveViews, ContrastiveViews.Batch, ContrastiveViews.Outputs>(
                        "Contrastive (InfoNCE)", new ContrastiveViews(options.Seed), (l, r, y) => new ContrastiveViews.Batch(l, r, y, y),
                        o => (o.Left, o.Right), "symmetric InfoNCE, T = 0.1, × 1"),
                },
                "distillation" => Distillation(),
                "ensemble" => Ensemble(),
                _ => throw new ArgumentException($"Unknown method '{method}'; choose from {string.Join(", ", AllMethods)}."),
            });
        }
        return rows;
    }

    /// <summary>Trains a left/right system and scores both views and cross-view retrieval on the test split.</summary>
    private ResultRow TwoViews<TSystem, TBatch, TOutputs>(
        string name,
        TSystem created,
        Func<Tensor, Tensor, Tensor?, TBatch> batch,
        Func<TOutputs, (LeftView.Output Left, RightView.Output Right)> views,
        string notes)
        where TSystem : ITrainingSystem<TBatch, TOutputs>
    {
        var clock = Stopwatch.StartNew();
        using var system = created;
        var log = Train(system, name, index => batch(train.Left.index_select(0, index), train.RightFlat.index_select(0, index), Labels(index)));
        var (left, right) = views(system.Evaluate(batch(test.Left, test.RightFlat, null)));
        var accuracy = new Dictionary<string, double>
        {
            ["Left"] = Metrics.Accuracy(left.Result, test.Labels),
            ["Right"] = Metrics.Accuracy(right.Result, test.Labels),
        };
        double recall = Metrics.RecallAt1(left.Embedding, right.Embedding);
        return new ResultRow(name, accuracy, recall, log.TermMeans(), clock.Elapsed, notes);
    }

    private IEnumerable<ResultRow> Distillation()
    {
        var clock = Stopwatch.StartNew();
        using var alone = new TeacherAndStudentAlone(options.Seed);
        var aloneLog = Train(alone, "Teacher + student alone", index =>
            new TeacherAndStudentAlone.Batch(train.Full.index_select(0, index), train.FullFlat.index_select(0, index), Labels(index), Labels(index)));
        var aloneOut = alone.Evaluate(new TeacherAndStudentAlone.Batch(test.Full, test.FullFlat));
        var aloneTime = clock.Elapsed;

        clock.Restart();
        using var distilled = new DistilledStudent(options.Seed);
        // The distilled student starts from the same weights as the student alone (same seed, same order) and
        // learns from the trained teacher, now frozen.
        distilled.Teacher.load_state_dict(alone.Teacher.state_dict());
        var distilledLog = Train(distilled, "Distilled student", index =>
            new DistilledStudent.Batch(train.Full.index_select(0, index), train.FullFlat.index_select(0, index), Labels(index)));
        var distilledOut = distilled.Evaluate(new DistilledStudent.Batch(test.Full, test.FullFlat));

        long teacherErrors = Metrics.Errors(aloneOut.Teacher.Result, test.Labels);
        long aloneErrors = Metrics.Errors(aloneOut.Student.Result, test.Labels);
        long distilledErrors = Metrics.Errors(distilledOut.Student.Result, test.Labels);
        double gap = Metrics.GapClosed(aloneErrors, distilledErrors, teacherErrors);
        yield return new ResultRow("Student alone",
            new Dictionary<string, double> { ["Teacher"] = Metrics.Accuracy(aloneOut.Teacher.Result, test.Labels), ["Student"] = Metrics.Accuracy(aloneOut.Student.Result, test.Labels) },
            null, aloneLog.TermMeans(), aloneTime,
            $"test errors: teacher {teacherErrors}, student {aloneErrors} of {test.Count}");
        yield return new ResultRow("Distillation (KL, T = 2)",
            new Dictionary<string, double> { ["Student"] = Metrics.Accuracy(distilledOut.Student.Result, test.Labels) },
            null, distilledLog.TermMeans(), clock.Elapsed,
            $"student errors {distilledErrors}; gap to teacher closed: {ResultsTable.Percent(gap)}");
    }

    private IEnumerable<ResultRow> Ensemble()
    {
        yield return Pair<IndependentPair, IndependentPair.Batch, IndependentPair.Outputs>(
            "Ensemble, independent", new IndependentPair(options.Seed), (x, y) => new IndependentPair.Batch(x, x, y, y), o => (o.A, o.B));
        yield return Pair<DiversePair, DiversePair.Batch, DiversePair.Outputs>(
            "Ensemble, OutputDisagreement", new DiversePair(options.Seed), (x, y) => new DiversePair.Batch(x, x, y, y), o => (o.A, o.B));
    }

    /// <summary>Trains two ensemble members and scores each, their disagreement and their averaged ensemble.</summary>
    private ResultRow Pair<TSystem, TBatch, TOutputs>(
        string name,
        TSystem created,
        Func<Tensor, Tensor?, TBatch> batch,
        Func<TOutputs, (Member.Output A, Member.Output B)> members)
        where TSystem : ITrainingSystem<TBatch, TOutputs>
    {
        var clock = Stopwatch.StartNew();
        using var system = created;
        var log = Train(system, name, index => batch(train.FullFlat.index_select(0, index), Labels(index)));
        var (a, b) = members(system.Evaluate(batch(test.FullFlat, null)));
        var accuracy = new Dictionary<string, double>
        {
            ["A"] = Metrics.Accuracy(a.Result, test.Labels),
            ["B"] = Metrics.Accuracy(b.Result, test.Labels),
            ["Ensemble"] = Metrics.EnsembleAccuracy(test.Labels, a.Result, b.Result),
        };
        return new ResultRow(name, accuracy, null, log.TermMeans(), clock.Elapsed,
            $"disagreement {ResultsTable.Percent(Metrics.Disagreement(a.Result, b.Result))}");
    }

    /// <summary>Trains <paramref name="system"/> as run <paramref name="run"/> on the batches <paramref name="select"/> makes from sample indices.</summary>
    private FitHistory Train<TBatch, TOutputs>(ITrainingSystem<TBatch, TOutputs> system, string run, Func<Tensor, TBatch> select)
        => ExampleFit.Run(system, run, options, train.Count, select);

    /// <summary>The training labels of the samples at <paramref name="index"/>.</summary>
    private Tensor Labels(Tensor index) => train.Labels.index_select(0, index);
}
