/**
 * A small Spanish sentiment lexicon in AFINN style (−5…+5), for the words that
 * library feedback actually uses. Accented and unaccented spellings both.
 */
const words: [number, string[]][] = [
  [4, ['excelente', 'maravilloso', 'maravillosa', 'fantástico', 'fantastico', 'fantástica', 'fantastica', 'encanta', 'encantan', 'increíble', 'increible']],
  [3, ['genial', 'gracias', 'agradecido', 'agradecida', 'agradecemos', 'amable', 'amables', 'encantado', 'encantada', 'estupendo', 'estupenda', 'feliz', 'felices']],
  [2, ['bueno', 'buena', 'buenos', 'buenas', 'útil', 'util', 'útiles', 'utiles', 'ayuda', 'ayudó', 'ayudo', 'contento', 'contenta', 'contentos', 'limpio', 'limpia', 'agradable', 'recomiendo', 'mejor', 'gusta', 'gustó', 'gusto', 'disfrutamos', 'disfrutan', 'paciencia', 'atentos', 'atento', 'atenta']],
  [1, ['bien', 'interesante', 'cómodo', 'comodo', 'cómoda', 'comoda', 'tranquilo', 'tranquila', 'rápido', 'rapido']],
  [-1, ['lento', 'lenta', 'falta', 'faltan', 'poco', 'pocos', 'pocas', 'difícil', 'dificil', 'espera']],
  [-2, ['malo', 'mala', 'malos', 'malas', 'problema', 'problemas', 'sucio', 'sucia', 'roto', 'rota', 'rotos', 'ruido', 'ruidoso', 'ruidosa', 'frío', 'frio', 'incómodo', 'incomodo', 'cerrado', 'cerrada', 'queja', 'molesto', 'molesta', 'peligroso', 'peligrosa', 'insuficiente', 'nunca']],
  [-3, ['terrible', 'pésimo', 'pesimo', 'pésima', 'pesima', 'grosero', 'grosera', 'groseros', 'decepcionado', 'decepcionada', 'frustrado', 'frustrada', 'inaceptable', 'inseguro', 'insegura']],
  [-4, ['horrible', 'vergüenza', 'verguenza']],
];

const labels = (list: [number, string[]][]): Record<string, number> => Object.fromEntries(list.flatMap(([score, ws]) => ws.map((w) => [w, score])));

/** The first lexicon as it was, for the "before" column of the accuracy table only (sentiment-baseline.ts). */
export const SPANISH_LABELS_V1: Record<string, number> = labels(words);

/**
 * More of the words library feedback uses, in every inflection: complaints
 * about things that do not work, waits and costs, and praise of people and
 * places. General words only; nothing here names a sentence of the labelled
 * set.
 */
const more: [number, string[]][] = [
  [3, ['precioso', 'preciosa', 'preciosos', 'preciosas', 'felicidades', 'felicitaciones', 'éxito', 'exito', 'acogedor', 'acogedora', 'acogedores', 'rapidísimo', 'rapidisimo', 'rapidísima', 'estupendos', 'estupendas', 'excelentes', 'maravillosos', 'maravillosas', 'fantásticos', 'fantasticos', 'fantásticas', 'genial', 'geniales', 'agradecidos', 'agradecidas', 'agradezco', 'encantó', 'encanto', 'encantaron']],
  [2, ['práctico', 'practico', 'práctica', 'fácil', 'facil', 'fáciles', 'faciles', 'limpios', 'limpias', 'moderno', 'moderna', 'modernos', 'modernas', 'seguro', 'segura', 'seguros', 'disfrutó', 'disfruto', 'disfrutaron', 'aprendí', 'aprendi', 'aprendimos', 'organizado', 'organizada', 'organizados', 'amabilidad', 'atendidos', 'atendidas', 'atienden', 'atendió', 'atendio', 'agradables', 'interesantes', 'recomendable', 'buenísimo', 'buenisimo', 'buenísima', 'buenisima', 'mejoró', 'mejoro', 'cómodos', 'comodos', 'cómodas', 'comodas', 'amables', 'gustaron', 'encanta']],
  [1, ['funciona', 'sirve', 'rápida', 'rapida', 'ayudan', 'ayudaron', 'volveremos', 'volveré', 'volvere', 'bonito', 'bonita', 'tranquilos']],
  [-1, ['tarde', 'lentos', 'lentas', 'difíciles', 'dificiles', 'caro', 'cara', 'caros', 'caras', 'apretado', 'apretada', 'débil', 'debil', 'empinada', 'empinado', 'anticuado', 'anticuada', 'gotea', 'ignoraron', 'ignoran', 'tardan', 'tarda', 'cancelaron', 'quitaron']],
  [-2, ['frustrante', 'frustrantes', 'confuso', 'confusa', 'confusos', 'descompuesto', 'descompuesta', 'descompuestos', 'injusto', 'injusta', 'injustos', 'injustas', 'ridículo', 'ridicula', 'ridícula', 'ridiculo', 'lástima', 'lastima', 'molestia', 'imposible', 'falló', 'fallo', 'fallan', 'huele', 'incómodas', 'incomodas', 'incómodos', 'incomodos', 'sucios', 'sucias', 'rotas', 'peligrosos', 'peligrosas', 'mal', 'coraje', 'perdí', 'perdi', 'tragó', 'trago', 'decepcionados', 'decepcionadas', 'decepción', 'decepcion', 'desorganizado', 'desorganizada', 'molestos', 'molestas', 'ruidosos', 'ruidosas']],
  [-3, ['insoportable', 'insoportables', 'inaceptables', 'groseros', 'groseras', 'pésimos', 'pesimos', 'horribles', 'terribles', 'frustrados', 'frustradas', 'indignante', 'indignado', 'indignada']],
];

export const SPANISH_LABELS: Record<string, number> = { ...labels(words), ...labels(more) };
