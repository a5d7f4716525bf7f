// English messages: the fallback for every key another locale lacks.
export default {
  'nps.question': 'How likely are you to recommend {company} to a friend or colleague?',
  'nps.low': 'Not at all likely',
  'nps.high': 'Extremely likely',
  'ces.question': '{company} made it easy for me to handle my issue.',
  'ces.low': 'Strongly disagree',
  'ces.high': 'Strongly agree',
  'csat.question': 'How satisfied are you with {company}?',
  'csat.low': 'Very dissatisfied',
  'csat.high': 'Very satisfied',
  'survey.company': 'us',
  'survey.followUp': 'What is the main reason for your answer? (optional)',
  'survey.submit': 'Send',
  'survey.later': 'Ask me later',
  'survey.dismiss': 'Dismiss',
  'survey.thanks': 'Thank you for your feedback!',
  'survey.scoreLabel': '{score} of {max}',
};
