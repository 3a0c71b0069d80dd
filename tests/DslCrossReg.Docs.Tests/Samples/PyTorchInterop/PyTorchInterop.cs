using System;
using System.Collections.Generic;
using DocSamples.Systems;
using DslCrossReg;
using DslCrossReg.Interop;
using static DslCrossReg.Layers;

namespace DocSamples.PyTorchInterop;

#region declared-names
// PyTorch: class Teacher(nn.Module) with self.conv1 = nn.Conv2d(1, 16, 3), self.fc1 = nn.Linear(1248, 64),
//          self.fc2 = nn.Linear(64, 32), self.head = nn.Linear(32, 10)
[Network]
public partial class PyTorchTeacher
{
    static Layer Architecture =>
        Input(1, 28, 14) >> Conv2d(16, kernel: 3).Named("conv1") >> ReLU >> MaxPool2d(2) >> Flatten
        >> Linear(64).Named("fc1") >> ReLU >> Linear(32).Named("fc2").Tap("embedding") >> Linear(10).Named("head");
}
#endregion

public static class PyTorchInteropSamples
{
    /// <summary>The page's teacher: trained in PyTorch as an nn.Sequential of LeftView's layers.</summary>
    public static void LoadSequentialTeacher(string path)
    {
        #region load-sequential
        using var distilled = new TeacherStudent(seed: 1);
        // teacher.pt: torch.save(nn.Sequential(Conv2d(1, 16, 3), ReLU(), MaxPool2d(2), Flatten(),
        //                                       Linear(1248, 64), ReLU(), Linear(64, 32), Linear(32, 10)).state_dict(), …)
        distilled.Teacher.LoadPyTorchWeights(path, distilled.Teacher.SequentialNames());   // "4.weight" → linear4.weight
        #endregion
    }

    /// <summary>A hand-written PyTorch module with its own attribute names.</summary>
    public static void LoadNamedTeacher(string path)
    {
        #region load-named
        var names = new Dictionary<string, string>
        {
            ["conv1"] = "conv0",       // PyTorch prefix → the network's layer name
            ["fc1"] = "linear4",
            ["fc2"] = "embedding",     // LeftView's layer 6, named after its tap
            ["head"] = "linear7",
        };
        using var distilled = new TeacherStudent(seed: 1);
        distilled.Teacher.LoadPyTorchWeights(path, names);      // fc1.weight → linear4.weight, …
        #endregion
    }

    /// <summary>A network that declares the PyTorch module's names needs no map either way.</summary>
    public static void LoadDeclaredNames(string path, string directory)
    {
        #region load-declared
        using var teacher = new PyTorchTeacher();
        teacher.LoadPyTorchWeights(path);                          // conv1.weight, fc1.weight, … as they are
        teacher.SavePyTorchWeights(directory + "/teacher.pt");     // and the same keys back
        #endregion
    }

    /// <summary>A trained member's weights for PyTorch.</summary>
    public static void Export(TeacherStudent system, string directory)
    {
        #region export
        var student = system.Student;
        student.SavePyTorchWeights(directory + "/student.safetensors", student.SequentialNames());
        student.SavePyTorchWeights(directory + "/student.pt", student.SequentialNames());
        // Python: model.load_state_dict(torch.load("student.pt")) for the nn.Sequential of RightView's layers
        #endregion
    }

    /// <summary>A file that does not fit: nothing is loaded, every problem is listed.</summary>
    public static void Refused(TeacherStudent system, string path)
    {
        #region refused
        try
        {
            system.Teacher.LoadPyTorchWeights(path, system.Teacher.SequentialNames());
        }
        catch (PyTorchWeightsException e)
        {
            // PyTorch weights 'teacher.pt': does not fit LeftView; nothing was loaded.
            // Missing (in the network, not in the file):
            //   linear7.bias [10]
            // Mis-shaped:
            //   4.weight (as linear4.weight): file [64, 1152], network [64, 1248]
            Console.WriteLine(e.Message);   // e.MissingKeys, e.UnexpectedKeys, e.MisshapedKeys: the keys alone
        }
        #endregion
    }
}
