using System.Runtime.InteropServices;
using TorchSharp;
using static TorchSharp.torch;

namespace DslCrossReg.Training;

/// <summary>
/// Reads a one-element tensor (a loss, a sum) as a double, as every step does several times. TorchSharp's
/// <c>ToDouble()</c> goes through a native <see cref="Scalar"/> that it never disposes, so each read leaves a finalizable
/// object and a native allocation to the garbage collector's finalizer thread; here a contiguous CPU tensor of
/// Float32 or Float64 is read straight from its memory (no allocation at all), and anything else through a Scalar that
/// is disposed at once. The value is the same: a Float32 widens to the same double either way.
/// </summary>
public static class TensorReads
{
    /// <summary>The value of <paramref name="tensor"/>, which holds exactly one element.</summary>
    public static double ToDouble(Tensor tensor)
    {
        ArgumentErrors.NotNull(tensor);
        if (tensor.device_type == DeviceType.CPU && tensor.numel() == 1 && tensor.is_contiguous())
        {
            switch (tensor.dtype)
            {
                case ScalarType.Float32:
                    return MemoryMarshal.Read<float>(tensor.bytes);
                case ScalarType.Float64:
                    return MemoryMarshal.Read<double>(tensor.bytes);
            }
        }
        using var scalar = tensor.ToScalar();
        return scalar.ToDouble();
    }
}
