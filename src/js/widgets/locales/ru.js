// Russian messages.
export default {
  'nps.question': 'Насколько вероятно, что вы порекомендуете {company} другу или коллеге?',
  'nps.low': 'Совсем маловероятно',
  'nps.high': 'Очень вероятно',
  'ces.question': '{company} помогли мне легко решить мой вопрос.',
  'ces.low': 'Совершенно не согласен',
  'ces.high': 'Полностью согласен',
  'csat.question': 'Насколько вы довольны {company}?',
  'csat.low': 'Очень недоволен',
  'csat.high': 'Очень доволен',
  'survey.company': 'нами',
  'survey.followUp': 'Какова главная причина вашей оценки? (необязательно)',
  'survey.submit': 'Отправить',
  'survey.later': 'Спросить позже',
  'survey.dismiss': 'Закрыть',
  'survey.thanks': 'Спасибо за ваш отзыв!',
  'survey.scoreLabel': '{score} из {max}',
};
