import Foundation

/// The one JSON convention of reports and baselines: snake_case keys, sorted, indented.
enum JSONText {
    /// Encodes a value.
    /// - Parameter value: the report or baseline.
    /// - Returns: UTF-8 JSON text ending in a newline.
    static func encode(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self) + "\n"
    }

    /// Decodes a value written by `encode`.
    /// - Parameters:
    ///   - type: the type to decode.
    ///   - text: the JSON text.
    /// - Returns: the value.
    static func decode<Value: Decodable>(_ type: Value.Type, from text: String) throws -> Value {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return try decoder.decode(type, from: Data(text.utf8))
    }
}
