import Foundation
@testable import MeterTools
import Testing

@Suite("Report paths checked before a run")
struct ReportPathTests {
    /// A fresh directory for one test, removed after it.
    private static func withDirectory(_ body: (String) throws -> Void) throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("report-path-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: false)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try body(directory)
    }

    @Test("a new name in a writable directory is writable, and the check creates nothing")
    func newFile() throws {
        try Self.withDirectory { directory in
            let path = directory + "/report.json"
            #expect(ReportPath.isWritable(path))
            #expect(!FileManager.default.fileExists(atPath: path))
        }
    }

    @Test("an existing report is writable, and the check leaves its contents")
    func existingFile() throws {
        try Self.withDirectory { directory in
            let path = directory + "/old.json"
            #expect(FileManager.default.createFile(atPath: path, contents: Data("{\"old\":1}".utf8)))
            #expect(ReportPath.isWritable(path))
            #expect(FileManager.default.contents(atPath: path) == Data("{\"old\":1}".utf8))
        }
    }

    @Test("a directory, a missing parent, a file as parent, an empty path and a trailing slash are refused")
    func refused() throws {
        try Self.withDirectory { directory in
            let file = directory + "/plain"
            #expect(FileManager.default.createFile(atPath: file, contents: Data()))
            for path in [directory, directory + "/missing/report.json", file + "/report.json", "", directory + "/new/"] {
                #expect(!ReportPath.isWritable(path), "\(path)")
            }
            #expect(!FileManager.default.fileExists(atPath: directory + "/missing"))
        }
    }

    @Test("a link to a writable file or to /dev/null is writable; a link to nothing is not")
    func links() throws {
        try Self.withDirectory { directory in
            let file = directory + "/target.json"
            #expect(FileManager.default.createFile(atPath: file, contents: Data()))
            try FileManager.default.createSymbolicLink(atPath: directory + "/to-file", withDestinationPath: file)
            try FileManager.default.createSymbolicLink(atPath: directory + "/dangling", withDestinationPath: directory + "/missing/x.json")
            #expect(ReportPath.isWritable(directory + "/to-file"))
            #expect(!ReportPath.isWritable(directory + "/dangling"))
            #expect(ReportPath.isWritable("/dev/null"))
        }
    }

    @Test("the parent directory of a path", arguments: [
        ("report.json", "."), ("/report.json", "/"), ("out/report.json", "out"), ("/tmp/a/b.json", "/tmp/a"),
    ])
    func parent(path: String, directory: String) {
        #expect(ReportPath.directory(of: path) == directory)
    }
}
