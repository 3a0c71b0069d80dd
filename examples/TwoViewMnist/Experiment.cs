using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using DslCrossReg.Fitting;
using DslCrossReg.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace DslCrossReg.Examples.TwoViewMnist;

/// <summary>What one row measured with one seed: its metrics by name and its wall time.</summary>
/// <param name="Row">The row's name.</param>
/// <param name="Method">The cross method it shows ("none" for a baseline).</param>
/// <param name="Epochs">Its training budget.</param>
/// <param name="Seed">The seed of its weights and data order.</param>
/// <param name="Metrics">Its test metrics by name (<c>accuracy</c>, <c>r_at_1</c>, <c>errors</c>, …).</param>
/// <param name="WallTime">Training and scoring time.</param>
public sealed record Measurement(string Row, string Method, int Epochs, long Seed, IReadOnlyDictionary<string, double> Metrics, TimeSpan WallTime);

/// <summary>
/// The main job: every row trained with each seed, same data order and budget as the row it is compared with, and
/// scored on the test split. Rows: two views without and with EmbeddingDistance; two towers trained for retrieval on
/// InfoNCE alone; a teacher, a student with one label in ten, and the same student distilled from the frozen teacher;
/// two ensemble members without and with OutputDisagreement.
/// </summary>
public sealed class Experiment
{
    /// <summary>Every method the experiment knows (<c>--methods</c>), in table order.</summary>
    public static readonly string[] AllMethods = { "independent", "embedding", "retrieval", "distillation", "ensemble" };

    /// <summary>Epochs of the two-view rows.</summary>
    public const int ViewEpochs = 12;

    /// <summary>Epochs of the retrieval row.</summary>
    public const int RetrievalEpochs = 30;

    /// <summary>The retrieval row's batch: InfoNCE's negatives are the batch's other rows, so more is better.</summary>
    public const int RetrievalBatch = 256;

    /// <summary>Epochs of the teacher.</summary>
    public const int TeacherEpochs = 6;

    /// <summary>Epochs of both students.</summary>
    public const int StudentEpochs = 30;

    /// <summary>Epochs of the ensemble rows.</summary>
    public const int EnsembleEpochs = 4;

    /// <summary>The fraction of training digits whose label the students see.</summary>
    public const double LabelledFraction = 0.1;

    /// <summary>Row names, in table order.</summary>
    public const string Independent = "Independent views", Embedding = "EmbeddingDistance × 0.1", Retrieval = "Two-view retrieval (InfoNCE)",
        Teacher = "Teacher (every label)", StudentAlone = "Student alone (10 % of labels)", Distilled = "Distilled student (10 % of labels + teacher)",
        EnsembleIndependent = "Ensemble, independent", EnsembleDiverse = "Ensemble, OutputDisagreement × 0.5";

    private readonly ExampleOptions options;
    private readonly IReadOnlyList<string> methods;
    private readonly IReadOnlyList<long> seeds;
    private readonly Views train;
    private readonly Views test;

    /// <summary>An experiment running <paramref name="methods"/> with each of <paramref name="seeds"/>.</summary>
    public Experiment(ExampleOptions options, IReadOnlyList<string> methods, IReadOnlyList<long> seeds, Views train, Views test)
    {
        this.options = options;
        this.methods = methods;
        this.seeds = seeds;
        this.train = train;
        this.test = test;
    }

    /// <summary>Runs every selected method with every seed; returns the measurements, seed by seed.</summary>
    public IReadOnlyList<Measurement> Run()
    {
        var measurements = new List<Measurement>();
        foreach (long seed in seeds)
        {
            foreach (string method in methods)
            {
                measurements.AddRange(method switch
                {
                    "independent" => new[]
                    {
                        TwoViews(Independent, "none", new IndependentViews(seed), seed, (l, r, y) => new IndependentViews.Batch(l, r, y, y), o => (o.Left, o.Right)),
                    },
                    "embedding" => new[]
                    {
                        TwoViews(Embedding, "EmbeddingDistance", new EmbeddingViews(seed), seed, (l, r, y) => new EmbeddingViews.Batch(l, r, y, y), o => (o.Left, o.Right)),
                    },
                    "retrieval" => new[] { TwoTowers(seed) },
                    "distillation" => Distillation(seed),
                    "ensemble" => new[]
                    {
                        Pair(EnsembleIndependent, "none", new IndependentPair(seed), seed, (x, y) => new IndependentPair.Batch(x, x, y, y), o => (o.A, o.B)),
                        Pair(EnsembleDiverse, "OutputDisagreement", new DiversePair(seed), seed, (x, y) => new DiversePair.Batch(x, x, y, y), o => (o.A, o.B)),
                    },
                    _ => throw new ArgumentException($"Unknown method '{method}'; choose from {string.Join(", ", AllMethods)}."),
                });
            }
        }
        return measurements;
    }

    /// <summary>Trains a left/right system and scores both views and cross-view retrieval on the test split.</summary>
    private Measurement TwoViews<TBatch, TOutputs>(
        string row,
        string method,
        ITrainingSystem<TBatch, TOutputs> created,
        long seed,
        Func<Tensor, Tensor, Tensor?, TBatch> batch,
        Func<TOutputs, (LeftView.Output Left, RightView.Output Right)> views)
    {
        var clock = Stopwatch.StartNew();
        using var system = created;
        int epochs = options.EpochsOr(ViewEpochs);
        Train(system, row, seed, epochs, index => batch(train.Left.index_select(0, index), train.RightFlat.index_select(0, index), train.Labels.index_select(0, index)));
        using var scope = torch.NewDisposeScope();
        var (left, right) = views(system.Evaluate(batch(test.Left, test.RightFlat, null)));
        return new Measurement(row, method, epochs, seed, new Dictionary<string, double>
        {
            ["accuracy_left"] = Metrics.Accuracy(left.Result, test.Labels),
            ["accuracy_right"] = Metrics.Accuracy(right.Result, test.Labels),
            ["r_at_1"] = Metrics.RecallAt1(left.Embedding, right.Embedding),
        }, clock.Elapsed);
    }

    /// <summary>
    /// Trains the retrieval towers on InfoNCE alone, in batches of <see cref="RetrievalBatch"/>, both learning rates
    /// on a cosine schedule to 0, and scores left → right recall@1 among every test digit.
    /// </summary>
    private Measurement TwoTowers(long seed)
    {
        var clock = Stopwatch.StartNew();
        using var system = new RetrievalTowers(seed);
        int epochs = options.EpochsOr(RetrievalEpochs);
        int batchSize = (int)Math.Min(RetrievalBatch, train.Count);
        long steps = epochs * (train.Count / batchSize);
        Train(system, Retrieval, seed, epochs, index => new RetrievalTowers.Batch(train.Left.index_select(0, index), train.RightFlat.index_select(0, index)),
            fit =>
            {
                fit.LearningRates["Left"] = Schedule.Cosine(steps);
                fit.LearningRates["Right"] = Schedule.Cosine(steps);
            },
            batchSize);
        using var scope = torch.NewDisposeScope();
        var outputs = system.Evaluate(new RetrievalTowers.Batch(test.Left, test.RightFlat));
        return new Measurement(Retrieval, "Contrastive", epochs, seed, new Dictionary<string, double>
        {
            ["r_at_1"] = Metrics.RecallAt1(outputs.Left.Result, outputs.Right.Result),
        }, clock.Elapsed);
    }

    /// <summary>
    /// The teacher on every label; then the student alone and the distilled student, both from the same initial
    /// weights, on the same digits in the same order, with the same labels for one digit in ten.
    /// </summary>
    private IEnumerable<Measurement> Distillation(long seed)
    {
        var clock = Stopwatch.StartNew();
        using var teacher = new TeacherAlone(seed);
        int teacherEpochs = options.EpochsOr(TeacherEpochs);
        Train(teacher, Teacher, seed, teacherEpochs, index => new TeacherAlone.Batch(train.Full.index_select(0, index), train.Labels.index_select(0, index)));
        long teacherErrors;
        using (var scope = torch.NewDisposeScope())
            teacherErrors = Metrics.Errors(teacher.Evaluate(new TeacherAlone.Batch(test.Full)).Teacher.Result, test.Labels);
        var teacherTime = clock.Elapsed;

        using var labels = FewLabels(train.Labels, LabelledFraction, seed);
        using var alone = new StudentAlone(seed);
        using var distilled = new DistilledStudent(seed);
        distilled.Student.load_state_dict(alone.Student.state_dict());
        distilled.Teacher.load_state_dict(teacher.Teacher.state_dict());
        int studentEpochs = options.EpochsOr(StudentEpochs);

        clock.Restart();
        Train(alone, StudentAlone, seed, studentEpochs, index => new StudentAlone.Batch(train.FullFlat.index_select(0, index), labels.index_select(0, index)));
        long aloneErrors;
        using (var scope = torch.NewDisposeScope())
            aloneErrors = Metrics.Errors(alone.Evaluate(new StudentAlone.Batch(test.FullFlat)).Student.Result, test.Labels);
        var aloneTime = clock.Elapsed;

        clock.Restart();
        Train(distilled, Distilled, seed, studentEpochs, index =>
            new DistilledStudent.Batch(train.Full.index_select(0, index), train.FullFlat.index_select(0, index), labels.index_select(0, index)));
        long distilledErrors;
        using (var scope = torch.NewDisposeScope())
            distilledErrors = Metrics.Errors(distilled.Evaluate(new DistilledStudent.Batch(test.Full, test.FullFlat)).Student.Result, test.Labels);

        yield return new Measurement(Teacher, "none", teacherEpochs, seed, ErrorMetrics(teacherErrors), teacherTime);
        yield return new Measurement(StudentAlone, "none", studentEpochs, seed, ErrorMetrics(aloneErrors), aloneTime);
        var distilledMetrics = ErrorMetrics(distilledErrors);
        distilledMetrics["gap_closed"] = Metrics.GapClosed(aloneErrors, distilledErrors, teacherErrors);
        yield return new Measurement(Distilled, "Distillation", studentEpochs, seed, distilledMetrics, clock.Elapsed);
    }

    /// <summary>
    /// <paramref name="labels"/> with all but <paramref name="fraction"/> of them (rounded, at least one), drawn by
    /// <paramref name="seed"/>, replaced by <see cref="TaskLosses.Unlabeled"/>: a new tensor.
    /// </summary>
    public static Tensor FewLabels(Tensor labels, double fraction, long seed)
    {
        using var scope = torch.NewDisposeScope();
        long count = labels.shape[0];
        long labelled = Math.Clamp((long)Math.Round(count * fraction), 1, count);
        using var generator = new Generator((ulong)seed);
        var unlabelled = torch.randperm(count, generator: generator).narrow(0, labelled, count - labelled);
        return labels.index_fill(0, unlabelled, TaskLosses.Unlabeled).MoveToOuterDisposeScope();
    }

    private Dictionary<string, double> ErrorMetrics(long errors) => new()
    {
        ["accuracy"] = 1 - ((double)errors / test.Count),
        ["errors"] = errors,
    };

    /// <summary>Trains two ensemble members and scores each, their disagreement and their averaged ensemble.</summary>
    private Measurement Pair<TBatch, TOutputs>(
        string row,
        string method,
        ITrainingSystem<TBatch, TOutputs> created,
        long seed,
        Func<Tensor, Tensor?, TBatch> batch,
        Func<TOutputs, (Member.Output A, Member.Output B)> members)
    {
        var clock = Stopwatch.StartNew();
        using var system = created;
        int epochs = options.EpochsOr(EnsembleEpochs);
        Train(system, row, seed, epochs, index => batch(train.FullFlat.index_select(0, index), train.Labels.index_select(0, index)));
        using var scope = torch.NewDisposeScope();
        var (a, b) = members(system.Evaluate(batch(test.FullFlat, null)));
        return new Measurement(row, method, epochs, seed, new Dictionary<string, double>
        {
            ["accuracy_a"] = Metrics.Accuracy(a.Result, test.Labels),
            ["accuracy_b"] = Metrics.Accuracy(b.Result, test.Labels),
            ["ensemble_accuracy"] = Metrics.EnsembleAccuracy(test.Labels, a.Result, b.Result),
            ["disagreement"] = Metrics.Disagreement(a.Result, b.Result),
        }, clock.Elapsed);
    }

    /// <summary>Trains <paramref name="system"/> as run "<paramref name="row"/>, seed <paramref name="seed"/>", its data order drawn by the seed too.</summary>
    private void Train<TBatch, TOutputs>(
        ITrainingSystem<TBatch, TOutputs> system,
        string row,
        long seed,
        int epochs,
        Func<Tensor, TBatch> select,
        Action<FitOptions<TBatch, TOutputs>>? configure = null,
        int? batchSize = null)
        => ExampleFit.Run(system, RunName(row, seed), options, train.Count, select, configure, epochs, batchSize, seed);

    /// <summary>The name of one row's run with one seed (its curves' and event files' name).</summary>
    public static string RunName(string row, long seed) => row + ", seed " + seed;
}
