/// The kinds of credit-consuming features and actions (R16).
public enum FeatureCategory: String, Sendable, Hashable, CaseIterable, Codable {
    /// Workflow actions on CRM records, such as creating a record or a task.
    case workflowCRM
    /// Workflow communication actions, such as emails, SMS and webhooks.
    case communication
    /// Workflow marketing actions, such as list and sequence enrolment.
    case marketing
    /// Data-ops actions, such as formatting data or running custom code.
    case dataOps
    /// AI agents and AI-generated content.
    case aiAgent
    /// Enrichment of contacts and companies, and buyer intent.
    case enrichment
    /// Data syncs and dataset refreshes.
    case sync
}
