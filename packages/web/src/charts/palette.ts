/** Series colours: the app's accent first, then hues far enough apart to tell lines apart. */
export const PALETTE = [
  '#3b5bdb',
  '#f08c00',
  '#2b8a3e',
  '#c2255c',
  '#1098ad',
  '#7048e8',
  '#e8590c',
  '#5c940d',
  '#862e9c',
  '#495057',
];
