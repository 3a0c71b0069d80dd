using System;
using DslCrossReg.Bench.Benchmarks;
using DslCrossReg.Bench.Steps;

namespace DslCrossReg.Bench;

/// <summary>--check: every benchmark's setup (which proves both sides do the same work), without timing anything.</summary>
public static class SelfCheck
{
    /// <summary>Runs every setup and cleanup once.</summary>
    public static void Run()
    {
        foreach (var size in Enum.GetValues<NetSize>())
        {
            foreach (var method in Enum.GetValues<StepMethod>())
            {
                using var pair = StepCase.Create(method, size, BenchData.DefaultBatch(size));
                pair.Verify();
                Console.WriteLine($"step {method} {size}: generated and hand-written (the library's losses) losses and parameters agree bit for bit");
            }
            var f = new ForwardBenchmarks { Size = size };
            f.Setup();
            f.Cleanup();
            Console.WriteLine($"forward {size}: generated, interpreted and nn.Sequential outputs agree");
        }
        foreach (var shape in StepShape.All)
        {
            var b = new StepBenchmarks { Shape = shape };
            b.Setup();
            b.Cleanup();
            Console.WriteLine($"step {shape}: generated and plainest loop agree (losses to 1e-5, parameters to 1e-4)");
        }
        var t = new ThroughputBenchmarks();
        t.Setup();
        t.Cleanup();
        Console.WriteLine("throughput: batch-1,024 pair verified");
        new GeneratorBenchmarks().Setup();
        Console.WriteLine("generator: " + GeneratorBenchmarks.CachingReport);
    }
}
