using DslCrossReg;
using static DslCrossReg.Layers;

namespace DslCrossReg.Examples.TwoViewMnist;

/// <summary>Reads the left 14 columns of a digit.</summary>
[Network]
public partial class LeftView
{
    static Layer Architecture =>
        Input(1, 28, 14)
        >> Conv2d(16, kernel: 3) >> ReLU >> MaxPool2d(2)
        >> Flatten
        >> Linear(64) >> ReLU
        >> Linear(32).Tap("embedding")
        >> Linear(10);
}

/// <summary>Reads the right 14 columns of a digit, flattened.</summary>
[Network]
public partial class RightView
{
    static Layer Architecture => Input(392) >> Linear(128) >> ReLU >> Linear(32).Tap("embedding") >> Linear(10);
}

/// <summary>A larger network that sees the whole digit: the distillation teacher.</summary>
[Network]
public partial class Teacher
{
    static Layer Architecture =>
        Input(1, 28, 28)
        >> Conv2d(32, kernel: 3) >> ReLU >> MaxPool2d(2)
        >> Conv2d(64, kernel: 3) >> ReLU >> MaxPool2d(2)
        >> Flatten >> Linear(128) >> ReLU >> Linear(10);
}

/// <summary>The student: a one-hidden-layer MLP on the flattened digit, without the teacher's convolutions and with half its parameters.</summary>
[Network]
public partial class Student
{
    static Layer Architecture => Input(784) >> Linear(128) >> ReLU >> Linear(10);
}

/// <summary>An ensemble member.</summary>
[Network]
public partial class Member
{
    static Layer Architecture => Input(784) >> Linear(64) >> ReLU >> Linear(10);
}

/// <summary>The left tower of two-view retrieval: <see cref="LeftView"/>'s layers up to a 128-wide embedding (its output, tapped as "embedding").</summary>
[Network]
public partial class LeftTower
{
    static Layer Architecture =>
        Input(1, 28, 14)
        >> Conv2d(16, kernel: 3) >> ReLU >> MaxPool2d(2)
        >> Flatten
        >> Linear(64) >> ReLU
        >> Linear(128).Tap("embedding");
}

/// <summary>The right tower of two-view retrieval: <see cref="RightView"/>'s layers up to a 128-wide embedding (its output, tapped as "embedding").</summary>
[Network]
public partial class RightTower
{
    static Layer Architecture => Input(392) >> Linear(128) >> ReLU >> Linear(128).Tap("embedding");
}
