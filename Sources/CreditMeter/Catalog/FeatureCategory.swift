/// The kinds of credit-consuming features and actions (R16).
public enum FeatureCategory: String, Sendable, Hashable, CaseIterable, Codable {
    case workflowCRM, communication, marketing, dataOps, aiAgent, enrichment, sync
}
