#if canImport(Glibc)
import Glibc
#endif

/// The current UTC time as ISO 8601 text, without Foundation.
enum UTCDate {
    /// Now, as `YYYY-MM-DDTHH:MM:SSZ`.
    static func now() -> String {
        var seconds = time(nil)
        var parts = tm()
        gmtime_r(&seconds, &parts)
        var buffer = [CChar](repeating: 0, count: 32)
        let count = strftime(&buffer, buffer.count, "%Y-%m-%dT%H:%M:%SZ", &parts)
        return String(decoding: buffer[0..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
