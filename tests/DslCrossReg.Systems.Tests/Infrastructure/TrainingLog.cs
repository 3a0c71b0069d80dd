using System;
using System.Collections.Generic;
using System.Linq;
using DslCrossReg.Training;
using Xunit;

namespace DslCrossReg.Systems.Tests.Infrastructure;

/// <summary>The step results of a training run, and the acceptance checks on them.</summary>
public sealed class TrainingLog
{
    private const int Window = 20;
    private readonly List<StepResult> steps = new();

    /// <summary>Every step so far.</summary>
    public IReadOnlyList<StepResult> Steps => steps;

    /// <summary>Records one step.</summary>
    public void Add(StepResult result) => steps.Add(result);

    /// <summary>Every term and the total are finite at every step, the total is the sum of the member terms, and the steps are numbered 1, 2, ….</summary>
    public void AssertFiniteEveryStep()
    {
        for (int i = 0; i < steps.Count; i++)
        {
            Assert.Equal(i + 1, steps[i].Step);
            Assert.True(double.IsFinite(steps[i].Total), $"step {i + 1}: total {steps[i].Total}");
            foreach (var (name, value) in steps[i].Terms)
                Assert.True(double.IsFinite(value), $"step {i + 1}: {name} = {value}");
            // The discriminator's own loss is reported beside the members' but minimised in its own step.
            double members = steps[i].Terms.Where(t => !t.Key.EndsWith(".discriminator", StringComparison.Ordinal)).Sum(t => t.Value);
            Assert.True(Math.Abs(steps[i].Total - members) <= 1e-5 * Math.Max(1, Math.Abs(members)),
                $"step {i + 1}: total {steps[i].Total} is not the sum of the member terms {members}");
        }
    }

    /// <summary>The mean of <paramref name="term"/> over the last 20 steps is below that of the first 20 by at least a tenth of its size.</summary>
    public void AssertFalling(string term)
    {
        Assert.True(steps.Count >= 2 * Window, $"only {steps.Count} steps");
        double first = steps.Take(Window).Average(s => s.Terms[term]);
        double last = steps.Skip(steps.Count - Window).Average(s => s.Terms[term]);
        Assert.True(first - last > 0.1 * Math.Abs(first), $"{term}: mean of the first {Window} steps {first:G4}, of the last {Window} {last:G4}.");
    }
}
