// The model of an SDR and a VP Sales role that the SDK tests share: one
// metric of each collection method (app-generated count and sum, scale,
// self-reported, integration).
export const model = {
  roles: [
    {
      id: 'sdr',
      name: 'SDR',
      maturity: [
        { name: 'Initial', improvement: { type: 'percent', amount: 20 } },
        { name: 'Established', improvement: { type: 'percent', amount: 10 } },
      ],
      metrics: [
        { id: 'contacts', name: 'Contacts added per week', kind: 'value', unit: 'contacts', direction: 'higher',
          collection: { method: 'appGenerated', rule: { type: 'count', event: 'contact_added', window: { type: 'rolling', days: 7 } } } },
        { id: 'pipeline', name: 'Pipeline from web leads', kind: 'businessImpact', unit: 'EUR', direction: 'higher',
          collection: { method: 'appGenerated', rule: { type: 'sum', event: 'deal_created', property: 'amount', window: { type: 'rolling', days: 30 } } } },
        { id: 'confidence', name: 'Confidence in the ICP', kind: 'value', unit: 'points', direction: 'higher',
          collection: { method: 'scaleAssessed', scale: [1, 2, 3, 4, 5].map((value) => ({ value, label: `level ${value}` })) } },
        { id: 'hours', name: 'Research hours per week', kind: 'value', unit: 'h', direction: 'lower', collection: { method: 'selfReported' } },
        { id: 'revenue', name: 'Revenue', kind: 'businessImpact', unit: 'EUR', direction: 'higher', collection: { method: 'integration' } },
      ],
    },
    { id: 'vp', name: 'VP Sales', maturity: [{ name: 'Initial', improvement: { type: 'absolute', amount: 1 } }],
      metrics: [{ id: 'forecast', name: 'Forecast accuracy', kind: 'value', unit: '%', direction: 'higher', collection: { method: 'selfReported' } }] },
  ],
};
