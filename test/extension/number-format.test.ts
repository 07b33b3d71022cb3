/** Numbers in the panel's tables: one notation per interval, the same decimal place at both ends. */
import { describe, expect, it } from 'vitest';
import { interval, num } from '../../packages/extension/src/webview/dom.js';

describe('interval formatting', () => {
    it('writes both ends in the notation of the larger one', () => {
        expect(interval(9.07e-4, 0.00393)).toBe('0.00091 – 0.00393');
        expect(interval(5.555e-5, 9.1e-4)).toBe('5.56e-5 – 9.10e-4');
        expect(interval(-1.234, 12.5)).toBe('-1.2 – 12.5');
        expect(interval(0.25, 0.75, 3, ', ')).toBe('0.250, 0.750');
        expect(interval(1234567, 2345678)).toBe('1.23e+6 – 2.35e+6');
    });

    it('leaves missing ends visible', () => {
        expect(interval(undefined, 1)).toBe('– – 1');
    });

    it('keeps counts whole and separated, and other numbers to their significant digits', () => {
        expect(num(7919)).toBe('7,919');
        expect(num(0.000123456, 3)).toBe('1.23e-4');
        expect(num(3.14159, 3)).toBe('3.14');
    });
});
