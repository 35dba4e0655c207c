#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Checks a report path given on a command line before a long run, without touching it.
///
/// LoadGen and the benchmark harness both write their reports at the end of a run that may
/// take minutes or a day; a path that cannot be written must fail at once. Checking by
/// opening the file would create it (or, opened for writing, empty an older report) even
/// when the run then never starts; this asks the file system instead.
public enum ReportPath {
    /// Whether a file could be created or replaced at `path`: an existing regular file, or a
    /// device or pipe (such as `/dev/null`), that the process may write, or a new name in a
    /// directory it may write to.
    ///
    /// Nothing is created, opened or changed. The answer can go stale (permissions may
    /// change before the report is written), so the final write still reports its errors.
    /// - Parameter path: the report's path, absolute or relative to the working directory.
    /// - Returns: `false` for an empty path, a directory, a file or directory the process may
    ///   not write, a parent that is missing or not a directory, or a symbolic link to
    ///   nothing (found by a review: the link's own directory passed, then the write failed).
    public static func isWritable(_ path: String) -> Bool {
        guard !path.isEmpty, !path.hasSuffix("/") else { return false }
        var status = stat()
        if stat(path, &status) == 0 {
            let kind = status.st_mode & S_IFMT
            return (kind == S_IFREG || kind == S_IFCHR || kind == S_IFIFO) && access(path, W_OK) == 0
        }
        guard errno == ENOENT, lstat(path, &status) != 0 else { return false }  // a dangling link
        let parent = directory(of: path)
        guard stat(parent, &status) == 0, status.st_mode & S_IFMT == S_IFDIR else { return false }
        return access(parent, W_OK | X_OK) == 0
    }

    /// The directory `path` names its file in: "." for a bare name, "/" for a file at the root.
    /// - Parameter path: a non-empty path that does not end in "/".
    /// - Returns: the part before the last "/".
    static func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }
}
