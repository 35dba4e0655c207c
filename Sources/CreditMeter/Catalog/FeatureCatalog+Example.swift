extension FeatureCatalog {
    /// An example catalog covering workflow CRM, communication, marketing and data-ops
    /// actions, AI agents, enrichment and syncs. The rates are examples, not a price list:
    /// embedders supply their own catalog (R16).
    public static let example: FeatureCatalog = {
        let since = CalendarDay(year: 2024, month: 1, day: 1)!
        func feature(_ key: String, _ name: String, _ category: FeatureCategory, _ edition: Edition, _ credits: UInt32) -> Feature {
            Feature(key: key, name: name, category: category, minimumEdition: edition, rates: [FeatureRate(from: since, credits: credits)])
        }
        // Constant data, checked by the catalog tests (PeriodAndCatalogTests.exampleCatalog).
        return try! FeatureCatalog(features: [
            feature("workflow.crm.create-record", "Workflow: create CRM record", .workflowCRM, .professional, 1),
            feature("workflow.crm.update-property", "Workflow: update property", .workflowCRM, .professional, 1),
            feature("workflow.crm.create-task", "Workflow: create task", .workflowCRM, .professional, 1),
            feature("workflow.communication.send-email", "Workflow: send internal email", .communication, .starter, 1),
            feature("workflow.communication.send-sms", "Workflow: send SMS", .communication, .professional, 2),
            feature("workflow.communication.webhook", "Workflow: send webhook", .communication, .professional, 1),
            feature("workflow.marketing.add-to-list", "Workflow: add to static list", .marketing, .starter, 1),
            feature("workflow.marketing.enroll-sequence", "Workflow: enroll in sequence", .marketing, .professional, 1),
            feature("workflow.data-ops.format-data", "Data ops: format data", .dataOps, .professional, 1),
            feature("workflow.data-ops.custom-code", "Data ops: run custom code", .dataOps, .professional, 2),
            feature("ai.agent.customer", "AI customer agent: resolved conversation", .aiAgent, .professional, 100),
            feature("ai.agent.prospecting", "AI prospecting agent: researched contact", .aiAgent, .professional, 10),
            feature("ai.agent.data", "AI data agent: answered prompt", .aiAgent, .professional, 10),
            feature("ai.assistant.generate", "AI assistant: generated content", .aiAgent, .starter, 5),
            feature("enrichment.contact", "Enrichment: contact", .enrichment, .starter, 10),
            feature("enrichment.company", "Enrichment: company", .enrichment, .starter, 10),
            feature("enrichment.intent", "Buyer intent: tracked company", .enrichment, .enterprise, 25),
            feature("sync.data-sync.record", "Data sync: synced record", .sync, .professional, 1),
            feature("sync.dataset.refresh", "Dataset refresh", .sync, .enterprise, 50),
        ])
    }()
}
