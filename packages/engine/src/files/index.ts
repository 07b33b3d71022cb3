/** Writing result files: atomic, and streamed for JSON. */
export { temporarySibling, writeFileAtomic, writeJsonAtomic } from './write-atomic.js';
