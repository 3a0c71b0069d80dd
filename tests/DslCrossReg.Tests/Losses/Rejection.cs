using System;
using Xunit;

namespace DslCrossReg.Tests.Losses;

/// <summary>Asserts the library's contract for bad input: an ArgumentException naming the argument and the shapes involved.</summary>
public static class Rejection
{
    public static ArgumentException Assert(Action call, string argument, params string[] fragments)
    {
        var e = Xunit.Assert.ThrowsAny<ArgumentException>(call);
        Xunit.Assert.Equal(argument, e.ParamName);
        Xunit.Assert.Contains(argument, e.Message);
        foreach (var fragment in fragments)
            Xunit.Assert.Contains(fragment, e.Message);
        return e;
    }
}
