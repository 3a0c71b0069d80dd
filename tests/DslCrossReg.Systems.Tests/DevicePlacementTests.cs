using DslCrossReg.Systems.Tests.Infrastructure;
using DslCrossReg.Systems.Tests.Systems;
using DslCrossReg.Training;
using TorchSharp;
using static TorchSharp.torch;
using Xunit;

namespace DslCrossReg.Systems.Tests;

/// <summary>
/// [Member(Device = ...)]: the member lives on its device, its batch fields are checked against it, and cross terms
/// and the total are aligned across devices. Without a GPU here, the placement is the CPU, which must change
/// nothing: the aligned system steps bit for bit like the unplaced one.
/// </summary>
public class DevicePlacementTests
{
    [Fact]
    public void A_member_placed_on_the_cpu_steps_exactly_like_an_unplaced_one()
    {
        using var placed = new PlacedPair(seed: 3);
        using var unplaced = new UnplacedPair(seed: 3);
        for (int step = 0; step < 3; step++)
        {
            var xa = SyntheticBatches.Features(10 * step, 8, 6);
            var xb = SyntheticBatches.Features(10 * step + 1, 8, 6);
            var y = SyntheticBatches.Labels(10 * step + 2, 8, 3);
            var p = placed.Step(new PlacedPair.Batch(xa, xb, y, y));
            var u = unplaced.Step(new UnplacedPair.Batch(xa, xb, y, y));
            Assert.Equal(u.Terms, p.Terms);
            Assert.Equal(u.Total, p.Total);
        }
        ParameterState.AssertSame(unplaced.A, placed.A, "A");
        ParameterState.AssertSame(unplaced.B, placed.B, "B");
    }

    [Fact]
    public void Devices_align_only_when_needed()
    {
        var x = torch.ones(2);
        Assert.Same(x, Devices.To(x, torch.CPU));
        Assert.Same(x, Devices.Align(x, torch.zeros(1)));
        Assert.True(Devices.Same(torch.CPU, torch.device("cpu")));
        // Comparing descriptions needs no CUDA runtime (creating a CUDA tensor would).
        Assert.False(Devices.Same(torch.CPU, new torch.Device(DeviceType.CUDA, 0)));
    }
}
