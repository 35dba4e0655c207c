#if canImport(Glibc)
import Glibc
#endif

/// Small whole-file reads and writes over the C library, for `/proc` and report files.
enum TextFile {
    /// Reads a whole file as UTF-8.
    /// - Parameter path: the file.
    /// - Returns: the contents, or `nil` when it cannot be opened.
    static func read(_ path: String) -> String? {
        guard let file = fopen(path, "r") else { return nil }
        defer { fclose(file) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = fread(&buffer, 1, buffer.count, file)
            if count <= 0 { break }
            bytes.append(contentsOf: buffer[0..<count])
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Writes a whole file, replacing it.
    /// - Parameters:
    ///   - text: the contents.
    ///   - path: the file.
    /// - Returns: whether every byte was written.
    @discardableResult
    static func write(_ text: String, to path: String) -> Bool {
        guard let file = fopen(path, "w") else { return false }
        let bytes = Array(text.utf8)
        let written = fwrite(bytes, 1, bytes.count, file)
        return fclose(file) == 0 && written == bytes.count
    }
}
