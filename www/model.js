// The demo product: "Beacon", a visitor-identification SaaS (the example of
// the seed article on measuring customer results). Three key customer
// roles, each with value metrics and a business impact, collected in the
// four ways clg-metrics supports.

const MATURITY = [
  { name: 'Initial', improvement: { type: 'percent', amount: 20 } },
  { name: 'Developing', improvement: { type: 'percent', amount: 15 } },
  { name: 'Defined', improvement: { type: 'percent', amount: 10 } },
  { name: 'Managed', improvement: { type: 'percent', amount: 5 } },
  { name: 'Leading', improvement: { type: 'percent', amount: 3 } },
];

const week = { type: 'rolling', days: 7 };

export const MODEL = {
  roles: [
    {
      id: 'marketer',
      name: 'Digital marketer',
      maturity: MATURITY,
      metrics: [
        {
          id: 'identified', name: 'Visitors identified per week', kind: 'value', unit: 'visitors', direction: 'higher', min: 0,
          dataSource: 'Beacon tracking',
          collection: { method: 'appGenerated', rule: { type: 'count', event: 'visitor_identified', window: week } },
        },
        {
          id: 'icp', name: 'Identified visitors that fit the ICP', kind: 'value', unit: '%', direction: 'higher', min: 0, max: 100,
          dataSource: 'Beacon tracking',
          collection: { method: 'appGenerated', rule: {
            type: 'ratio', percent: true, window: { type: 'rolling', days: 30 },
            numerator: { type: 'count', event: 'visitor_fit' }, denominator: { type: 'count', event: 'visitor_identified' },
          } },
        },
        {
          id: 'targeting', name: 'Confidence in campaign targeting', kind: 'value', unit: 'points', direction: 'higher',
          collection: { method: 'scaleAssessed', scale: [
            { value: 1, label: 'Guessing' }, { value: 2, label: 'Some data' }, { value: 3, label: 'Data-driven' },
            { value: 4, label: 'Tested' }, { value: 5, label: 'Proven' },
          ] },
        },
      ],
    },
    {
      id: 'sdr',
      name: 'Sales development rep',
      maturity: MATURITY,
      metrics: [
        {
          id: 'contacts', name: 'Contacts provided per week', kind: 'value', unit: 'contacts', direction: 'higher', min: 0,
          dataSource: 'Beacon exports', collection: { method: 'appGenerated', rule: { type: 'count', event: 'contact_exported', window: week } },
        },
        {
          id: 'companies', name: 'Companies reached this month', kind: 'value', unit: 'companies', direction: 'higher', min: 0,
          dataSource: 'Beacon exports',
          collection: { method: 'appGenerated', rule: { type: 'distinct', event: 'contact_exported', property: 'company', window: { type: 'calendar', period: 'month' } } },
        },
        {
          id: 'meetings', name: 'Meetings booked per week', kind: 'value', unit: 'meetings', direction: 'higher', min: 0,
          dataSource: 'Your calendar', collection: { method: 'selfReported' },
        },
      ],
    },
    {
      id: 'vp',
      name: 'Marketing VP',
      maturity: MATURITY,
      metrics: [
        {
          id: 'pipeline', name: 'Pipeline from web visitors this quarter', kind: 'businessImpact', unit: 'EUR', direction: 'higher', min: 0,
          dataSource: 'Beacon deals', collection: { method: 'appGenerated', rule: { type: 'sum', event: 'deal_created', property: 'amount', window: { type: 'calendar', period: 'quarter' } } },
        },
        {
          id: 'revenue', name: 'Revenue from web visitors', kind: 'businessImpact', unit: 'EUR', direction: 'higher', min: 0,
          dataSource: 'CRM integration', collection: { method: 'integration' },
        },
      ],
    },
  ],
};

export const ROLES = MODEL.roles.map(({ id, name }) => ({ id, name }));
