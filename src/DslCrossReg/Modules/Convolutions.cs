using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using Fields = DslCrossReg.Modules.HookFields<
    System.Func<TorchSharp.torch.nn.Module<TorchSharp.torch.Tensor, TorchSharp.torch.Tensor>, TorchSharp.torch.Tensor, TorchSharp.torch.Tensor>,
    System.Func<TorchSharp.torch.nn.Module<TorchSharp.torch.Tensor, TorchSharp.torch.Tensor>, TorchSharp.torch.Tensor, TorchSharp.torch.Tensor, TorchSharp.torch.Tensor>>;

namespace DslCrossReg.Modules;

/// <summary>
/// Runs the DSL's convolutions with the kernel and the arguments TorchSharp's <c>Conv1d.forward</c> and
/// <c>Conv2d.forward</c> pass to it, without the input check in those methods, which reads the input's <c>shape</c>
/// (a new array and its marshalling, 136 managed bytes each time) three times per call: a pipeline's shapes were
/// checked when it was declared and its input when the network was called, so the check cannot fail here. The result
/// is the same tensor, bit for bit, with the same autograd graph. A layer that has a forward hook or pre-hook
/// registered, or that was given a padding mode or padding rule after it was built, is run through its <c>call</c>
/// as before, hooks and all.
/// </summary>
public static class Convolutions
{
    /// <summary>Runs <paramref name="conv"/> on <paramref name="input"/> (batched, [batch, channels, height, width]).</summary>
    public static Tensor Run(Conv2d conv, Tensor input)
    {
        if (NeedsOwnCall(conv, out var padding)) return conv.call(input);
        return nn.functional.conv2d(input, conv.weight, conv.bias, conv.stride, padding, conv.dilation, conv.groups);
    }

    /// <summary>Runs <paramref name="conv"/> on <paramref name="input"/> (batched, [batch, channels, length]).</summary>
    public static Tensor Run(Conv1d conv, Tensor input)
    {
        if (NeedsOwnCall(conv, out var padding)) return conv.call(input);
        return nn.functional.conv1d(input, conv.weight, conv.bias, conv.stride[0], padding[0], conv.dilation[0], conv.groups);
    }

    /// <summary>
    /// Whether <paramref name="conv"/> must run through its own <c>call</c>: a padding rule instead of explicit
    /// padding, a padding mode other than zeros, or a hook; otherwise its explicit <paramref name="padding"/>.
    /// </summary>
    private static bool NeedsOwnCall(Convolution conv, out long[] padding)
    {
        ArgumentNullException.ThrowIfNull(conv);
        padding = conv.padding!;
        return padding is null || conv.padding_mode != PaddingModes.Zeros || ModuleHooks.MayHaveAny(conv);
    }
}

/// <summary>
/// Whether a module has forward hooks registered. TorchSharp keeps them in four protected dictionaries of
/// <c>HookableModule</c> and says nothing about them publicly, so they are read through <see cref="UnsafeAccessorAttribute"/>;
/// should a TorchSharp version rename them, every module counts as hooked from then on (and is run through
/// <c>call</c>, which is always right), and a test pins the names against the TorchSharp this package depends on.
/// </summary>
internal static class ModuleHooks
{
    private static bool readable = true;

    /// <summary>False only when <paramref name="module"/> is known to have no hook of any of the four kinds.</summary>
    public static bool MayHaveAny(nn.Module<Tensor, Tensor> module)
    {
        if (readable)
        {
            try
            {
                return Fields.PreHooks(module).Count != 0 || Fields.PostHooks(module).Count != 0
                    || Fields.ModulePreHooks(module).Count != 0 || Fields.ModulePostHooks(module).Count != 0;
            }
            catch (MissingFieldException)
            {
                readable = false;
            }
        }
        return true;
    }

    /// <summary>Whether the hook dictionaries could be read (false after a TorchSharp that renamed them).</summary>
    internal static bool Readable => readable;
}

/// <summary>
/// The four hook dictionaries of <c>HookableModule&lt;TPreHook, TPostHook&gt;</c>. An accessor of a generic type's field
/// has to be declared in a generic class whose type parameters stand for the target's (a closed instantiation does not match
/// the field's declared type).
/// </summary>
internal static class HookFields<TPreHook, TPostHook>
{
    [UnsafeAccessor(UnsafeAccessorKind.Field, Name = "pre_hooks")]
    public static extern ref Dictionary<string, TPreHook> PreHooks(nn.HookableModule<TPreHook, TPostHook> module);

    [UnsafeAccessor(UnsafeAccessorKind.Field, Name = "post_hooks")]
    public static extern ref Dictionary<string, TPostHook> PostHooks(nn.HookableModule<TPreHook, TPostHook> module);

    [UnsafeAccessor(UnsafeAccessorKind.Field, Name = "module_pre_hooks")]
    public static extern ref Dictionary<string, Action<nn.Module>> ModulePreHooks(nn.HookableModule<TPreHook, TPostHook> module);

    [UnsafeAccessor(UnsafeAccessorKind.Field, Name = "module_post_hooks")]
    public static extern ref Dictionary<string, Action<nn.Module>> ModulePostHooks(nn.HookableModule<TPreHook, TPostHook> module);
}
