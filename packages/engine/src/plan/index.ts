export * from './types.js';
export { HMOE_RATES_TRUTH, hmoeRatesSource } from './hmoe-rates-truth.js';
