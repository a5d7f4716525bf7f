// Beacon's survey campaigns: plain data the SDK's runner and the Rust core
// act on, instead of prompt logic written into the app. The wording is the
// app's own text, so the list is built in the page's language.
import { demoText } from './demo-lang.js';

/** The campaigns, worded in the page's current language. */
export function beaconCampaigns() {
  return [
    // NPS once the person has used the product a few times (any role).
    {
      id: 'nps-beacon',
      ask: { survey: { kind: 'nps', followUp: demoText('campaign.npsFollowUp') } },
      trigger: { event: { name: 'feature_used', occurrence: 5 } },
    },
    // CES about the weekly report, for SDRs (who send it on to their CRM), 10 s after the export.
    {
      id: 'ces-report',
      ask: { survey: { kind: 'ces', question: demoText('campaign.cesQuestion'), followUp: demoText('campaign.cesFollowUp') } },
      trigger: { event: { name: 'report_exported' } },
      target: { roles: ['sdr'] },
      delayMs: 10_000,
    },
    // Goal-period check-ins on the scale-assessed and self-reported metrics (each role is asked
    // about its own): a baseline when a goal starts, a result three days before it is due;
    // once per goal period.
    {
      id: 'checkin-start',
      ask: { checkIn: { metrics: ['targeting', 'meetings'] } },
      trigger: { daysSincePeriodStart: 0 },
    },
    {
      id: 'checkin-end',
      ask: { checkIn: { metrics: ['targeting', 'meetings'] } },
      trigger: { daysBeforePeriodEnd: 3 },
    },
  ];
}

/** Beacon's survey policy: one prompt a day at most across every campaign (a demo-friendly budget), no session delay. */
export const POLICY = {
  kinds: { nps: { recontactDays: 90 }, ces: { recontactDays: 30 }, checkin: { recontactDays: 3 } },
  userGapDays: 1,
  sessionDelayMinutes: 0,
};
