using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using DslCrossReg.Examples.EnsembleDiversity;
using DslCrossReg.Training;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace DslCrossReg.Examples.Tests;

/// <summary>Scenario 2's example in quick mode, in-process, and the frozen reference checked bit for bit.</summary>
public sealed class EnsembleDiversityQuickTests : QuickRunTest
{
    public EnsembleDiversityQuickTests()
        : base("ensemble")
    {
    }

    [Fact]
    public void Quick_run_writes_table_plots_event_files_and_diagrams_with_consistent_numbers()
    {
        Assert.Equal(0, EnsembleDiversityApp.Run(QuickOptions));

        var rows = TableRows(File.ReadAllText(Path.Combine(Output, "results.md")));
        Assert.Equal(Experiment.Runs, rows.Select(r => r[0]));

        // The frozen A is the same network in every row: same fingerprint, same accuracy.
        Assert.Single(rows.Select(r => r[9]).Distinct());
        Assert.Single(rows.Select(r => r[2]).Distinct());
        foreach (var row in rows)
        {
            double a = Percent(row[2]), b = Percent(row[3]), ensemble = Percent(row[4]), disagreement = Percent(row[5]);
            // Sixteen steps already lift both learners well above chance (10 %).
            Assert.InRange(a, 0.3, 1.0);
            Assert.InRange(b, 0.3, 1.0);
            Assert.InRange(ensemble, 0.3, 1.0);
            // Two learners whose accuracies differ by d disagree on at least a fraction d of the digits.
            Assert.True(disagreement >= Math.Abs(a - b) - 0.001, string.Join(" | ", row));
            // "B right where A wrong": A's errors are (1 − A's accuracy) of the 512 test digits, and every digit B
            // gets right where A is wrong is one they disagree on.
            var match = Regex.Match(row[6], @"^(\d+)/(\d+) ");
            Assert.True(match.Success, row[6]);
            long right = long.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture), wrong = long.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture);
            Assert.InRange(wrong, (long)Math.Floor((1 - a - 0.0005) * Digits.QuickTest), (long)Math.Ceiling((1 - a + 0.0005) * Digits.QuickTest));
            Assert.InRange(right, 0, Math.Min(wrong, (long)Math.Ceiling((disagreement + 0.0005) * Digits.QuickTest)));
        }

        AssertPlotsDiagramsAndEventFiles(runs: 7, systems: 7);
        Assert.Contains("A[\"A: Learner<br/>frozen\"]", File.ReadAllText(Path.Combine(Output, "diagrams", "BothBoundedDiverse.md")));

        // Quick mode: 1,024 training digits, batch 64, one epoch: 16 steps. Stage 1 logs both task losses; stage 2
        // logs B's task and its terms (A is frozen).
        AssertRunLogs("Independent", 16, "A.task", "B.task");
        foreach (string run in new[] { "ParameterDistance inverse L1", "ParameterDistance exp" })
            AssertRunLogs(run, 16, "B.task", "ParameterDistance(A,B)");
        foreach (string run in new[] { "OutputDisagreement inverse CE", "OutputDisagreement clamped 0.1", "OutputDisagreement clamped 0.5" })
            AssertRunLogs(run, 16, "B.task", "OutputDisagreement(A,B)");
        AssertRunLogs("Both bounded", 16, "B.task", "ParameterDistance(A,B)", "OutputDisagreement(A,B)");
    }

    [Fact]
    public void Stage_two_leaves_the_frozen_reference_bit_for_bit_unchanged_and_trains_b()
    {
        var (train, _) = Digits.Load(QuickOptions);
        var inputs = train.Images.reshape(train.Count, 784);
        var labels = train.Labels;
        const int steps = 8;
        (Tensor X, Tensor Y) BatchAt(int s) => (inputs.narrow(0, s * 64, 64), labels.narrow(0, s * 64, 64));

        using var pair = new IndependentPair(seed: 7);
        // Every B, the baseline one included, starts from the same initial weights.
        string initialHashB = Sha256(Snapshot(pair.B));
        for (int s = 0; s < steps; s++)
        {
            var (x, y) = BatchAt(s);
            Assert.True(pair.Step(new IndependentPair.Batch(x, y, y)).Applied);
        }
        var trainedA = Snapshot(pair.A);
        string hashA = Sha256(trainedA);
        Assert.Equal(hashA, DiversityMetrics.ParameterFingerprint(pair.A));

        void Check<TSystem>(TSystem system, Func<TSystem, Learner> a, Func<TSystem, Learner> b, Func<TSystem, Tensor, Tensor, StepResult> step)
            where TSystem : IDisposable
        {
            using (system)
            {
                a(system).load_state_dict(pair.A.state_dict());
                var initialB = Snapshot(b(system));
                Assert.Equal(initialHashB, Sha256(initialB));
                for (int s = 0; s < steps; s++)
                {
                    var (x, y) = BatchAt(s);
                    Assert.True(step(system, x, y).Applied);
                }
                var afterA = Snapshot(a(system));
                Assert.Equal(trainedA.Select(p => p.Name), afterA.Select(p => p.Name));
                foreach (var ((name, tensor), (_, after)) in trainedA.Zip(afterA))
                {
                    Assert.True(Bytes(tensor).SequenceEqual(Bytes(after)), $"{typeof(TSystem).Name}: A's {name} changed");
                    var parameter = a(system).get_parameter(name)!;
                    Assert.False(parameter.requires_grad, $"{typeof(TSystem).Name}: A's {name} requires grad");
                    Assert.Null(parameter.grad);
                }
                Assert.Equal(hashA, Sha256(afterA));
                Assert.Equal(hashA, DiversityMetrics.ParameterFingerprint(a(system)));
                // B really trained: every one of its parameter tensors moved.
                var afterB = Snapshot(b(system));
                foreach (var ((name, initial), (_, after)) in initialB.Zip(afterB))
                    Assert.False(Bytes(initial).SequenceEqual(Bytes(after)), $"{typeof(TSystem).Name}: B's {name} did not move");
            }
        }

        Check(new InverseL1Diverse(7), s => s.A, s => s.B, (s, x, y) => s.Step(new(x, y)));
        Check(new ExpSimilarityDiverse(7), s => s.A, s => s.B, (s, x, y) => s.Step(new(x, y)));
        Check(new InverseCrossEntropyDiverse(7), s => s.A, s => s.B, (s, x, y) => s.Step(new(x, y)));
        Check(new ClampedCrossEntropyDiverse(7), s => s.A, s => s.B, (s, x, y) => s.Step(new(x, y)));
        Check(new StrongClampedCrossEntropyDiverse(7), s => s.A, s => s.B, (s, x, y) => s.Step(new(x, y)));
        Check(new BothBoundedDiverse(7), s => s.A, s => s.B, (s, x, y) => s.Step(new(x, y)));
        // And stage 1's own A was not touched by any of the copies trained from it.
        Assert.Equal(hashA, Sha256(Snapshot(pair.A)));
    }

    [Fact]
    public void Right_where_other_wrong_counts_the_rows_only_the_first_learner_gets_right()
    {
        // Labels 0..4; the other learner is wrong on rows 1, 2, 4; the learner is right on rows 0, 2, 4.
        using var labels = torch.tensor(new long[] { 0, 1, 2, 0, 1 });
        using var other = torch.nn.functional.one_hot(torch.tensor(new long[] { 0, 2, 0, 0, 0 }), 3).to_type(ScalarType.Float32);
        using var mine = torch.nn.functional.one_hot(torch.tensor(new long[] { 0, 0, 2, 1, 1 }), 3).to_type(ScalarType.Float32);
        Assert.Equal((2L, 3L), DiversityMetrics.RightWhereOtherWrong(mine, other, labels));
    }

    /// <summary>Every parameter of <paramref name="network"/>, cloned, in <c>named_parameters()</c> order.</summary>
    private static List<(string Name, Tensor Value)> Snapshot(nn.Module network)
        => network.named_parameters().Select(p => (p.name, p.parameter.detach().clone())).ToList();

    /// <summary>SHA-256 over the parameters' float values in order, computed independently of the example's fingerprint.</summary>
    private static string Sha256(List<(string Name, Tensor Value)> parameters)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var (_, tensor) in parameters) sha.AppendData(Bytes(tensor));
        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }

    /// <summary>The raw bytes of a Float32 tensor's values, for bit-for-bit comparison.</summary>
    private static byte[] Bytes(Tensor tensor)
    {
        var values = tensor.data<float>().ToArray();
        var bytes = new byte[values.Length * sizeof(float)];
        Buffer.BlockCopy(values, 0, bytes, 0, bytes.Length);
        return bytes;
    }

    /// <summary>The body rows of the Markdown table, split into cells (escaped pipes kept inside their cell).</summary>
    private static List<string[]> TableRows(string markdown)
        => markdown.Split('\n')
            .Where(l => l.StartsWith("| ", StringComparison.Ordinal))
            .Skip(1)
            .Select(l => Regex.Split(l.Trim().Trim('|'), @"(?<!\\)\|").Select(c => c.Trim()).ToArray())
            .ToList();

    private static double Percent(string cell)
        => double.Parse(cell.TrimEnd('%').Trim(), NumberStyles.Float, CultureInfo.InvariantCulture) / 100;
}
