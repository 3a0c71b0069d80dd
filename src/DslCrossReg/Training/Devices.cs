using System;
using TorchSharp;
using static TorchSharp.torch;

namespace DslCrossReg.Training;

/// <summary>Moves tensors between the devices of a system whose members live on different devices.</summary>
public static class Devices
{
    /// <summary><paramref name="tensor"/> itself when it is on <paramref name="device"/>, else a copy there (differentiable).</summary>
    public static Tensor To(Tensor tensor, Device device)
    {
        ArgumentErrors.NotNull(tensor);
        ArgumentErrors.NotNull(device);
        return Same(tensor.device, device) ? tensor : tensor.to(device);
    }

    /// <summary><paramref name="tensor"/> on the device of <paramref name="like"/>.</summary>
    public static Tensor Align(Tensor tensor, Tensor like)
    {
        ArgumentErrors.NotNull(like);
        return To(tensor, like.device);
    }

    /// <summary>Whether two devices are the same (TorchSharp's Device compares by reference).</summary>
    public static bool Same(Device a, Device b)
        => a.type == b.type && (a.index == b.index || (a.index < 0 && b.index <= 0) || (b.index < 0 && a.index <= 0));
}
