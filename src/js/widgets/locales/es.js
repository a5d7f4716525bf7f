// Spanish messages.
export default {
  'nps.question': '¿Qué probabilidad hay de que recomiende {company} a un amigo o colega?',
  'nps.low': 'Nada probable',
  'nps.high': 'Extremadamente probable',
  'ces.question': '{company} me facilitó resolver mi problema.',
  'ces.low': 'Totalmente en desacuerdo',
  'ces.high': 'Totalmente de acuerdo',
  'csat.question': '¿Qué tan satisfecho está con {company}?',
  'csat.low': 'Muy insatisfecho',
  'csat.high': 'Muy satisfecho',
  'survey.company': 'nosotros',
  'survey.followUp': '¿Cuál es el motivo principal de su respuesta? (opcional)',
  'survey.submit': 'Enviar',
  'survey.later': 'Preguntarme más tarde',
  'survey.dismiss': 'Cerrar',
  'survey.thanks': '¡Gracias por sus comentarios!',
  'survey.scoreLabel': '{score} de {max}',
};
