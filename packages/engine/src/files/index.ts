/** Files the product reads and writes: results written atomically, data reads confined, echoes capped. */
export { temporarySibling, writeFileAtomic, writeJsonAtomic } from './write-atomic.js';
export { insideRoots, unreadableDataFile } from './confine.js';
export { echoName, echoNames, MAX_ECHOED_NAME, MAX_ECHOED_NAMES } from './echo.js';
export { dataDigests, dataFiles, digestMismatch, fileSha256, type DataDigest } from './data-digest.js';
