using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace DslCrossReg.Shapes;

/// <summary>
/// The text of a runtime input-validation failure, one wording for the interpreter and the generated
/// <c>forward</c>: it names the network, the expected shape and dtype, and what was received.
/// </summary>
public static class InputMessages
{
    /// <summary>E.g. <c>LeftView expects input [*, 1, 28, 14] Float32 but received [32, 1, 28, 28] Float32.</c></summary>
    public static string Mismatch(string network, TensorShape expected, IReadOnlyList<long> actualShape, string actualElementType)
        => network + " expects input " + expected + (expected.ElementType == ElementType.Float32 ? " Float32" : string.Empty)
           + " but received [" + string.Join(", ", actualShape.Select(d => d.ToString(CultureInfo.InvariantCulture))) + "] " + actualElementType + ".";
}
