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

export const SPANISH_LABELS: Record<string, number> = Object.fromEntries(words.flatMap(([score, list]) => list.map((w) => [w, score])));
