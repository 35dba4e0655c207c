#if canImport(Glibc)
import Glibc
#endif

/// Writes to standard error without Foundation.
enum StandardError {
    /// Writes `text` as is.
    /// - Parameter text: the text, usually ending in a newline.
    static func write(_ text: String) {
        // write(2) on descriptor 2: the C `stderr` global is not concurrency-safe in Swift 6.
        var bytes = Array(text.utf8)[...]
        while !bytes.isEmpty {
            let written = bytes.withUnsafeBytes { Glibc.write(2, $0.baseAddress, $0.count) }
            guard written > 0 else { return }
            bytes = bytes.dropFirst(written)
        }
    }
}
