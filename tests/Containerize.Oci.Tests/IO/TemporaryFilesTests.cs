using Containerize.Oci.IO;
using Containerize.TestSupport;

namespace Containerize.Oci.Tests.IO;

/// <summary>Temporary files are named with their process: a dead process's are removed at once, a living one's never.</summary>
public sealed class TemporaryFilesTests
{
    /// <summary>Above Linux's largest pid_max (2^22): no process can have it.</summary>
    private const int DeadProcess = 4_194_305;

    [Fact]
    public void Only_the_temporaries_of_processes_that_are_gone_are_removed()
    {
        string folder = RepositoryPaths.CreateWorkDirectory("temporary-files");
        string dead = Touch(folder, $"image.tar.tmp-{DeadProcess}-{Guid.NewGuid():N}");
        string ours = Touch(folder, Path.GetFileName(TemporaryFiles.Beside(Path.Combine(folder, "image.tar"))));
        string living = Touch(folder, $"image.tar.tmp-1-{Guid.NewGuid():N}");
        string oldStyleFresh = Touch(folder, $"image.tar.tmp-{Guid.NewGuid():N}");
        string otherFile = Touch(folder, $"other.tar.tmp-{DeadProcess}-{Guid.NewGuid():N}");
        string archive = Touch(folder, "image.tar");

        (int files, _) = TemporaryFiles.DeleteStale(folder, "image.tar");

        Assert.Equal(1, files);
        Assert.False(File.Exists(dead));
        Assert.All(new[] { ours, living, oldStyleFresh, otherFile, archive }, path => Assert.True(File.Exists(path), path));

        TemporaryFiles.DeleteStale(folder, "*");
        Assert.False(File.Exists(otherFile));
        Assert.True(File.Exists(ours));
    }

    [Fact]
    public void In_a_store_tmp_folder_every_file_is_a_temporary_and_an_old_unowned_one_goes_too()
    {
        string folder = RepositoryPaths.CreateWorkDirectory("temporary-store");
        string dead = Touch(folder, $"{DeadProcess}-{Guid.NewGuid():N}");
        string ours = Touch(folder, TemporaryFiles.NewName());
        string oldUnowned = Touch(folder, Guid.NewGuid().ToString("N"));
        File.SetLastWriteTimeUtc(oldUnowned, DateTime.UtcNow.AddHours(-2));

        (int files, _) = TemporaryFiles.DeleteStale(folder, besideName: null);

        Assert.Equal(2, files);
        Assert.False(File.Exists(dead));
        Assert.False(File.Exists(oldUnowned));
        Assert.True(File.Exists(ours));
    }

    private static string Touch(string folder, string name)
    {
        string path = Path.Combine(folder, name);
        File.WriteAllText(path, "x");
        return path;
    }
}
