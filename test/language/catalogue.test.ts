/**
 * The parameter catalogue is consistent: every callable and parameter is documented, every
 * default lies in its parameter's type and range (so the compiler never fills in a value the
 * validator would reject), and prior defaults are of a kind the parameter accepts.
 */
import { describe, expect, it } from 'vitest';
import { catalogue } from '@moe-studio/language';

const { CATALOGUE, lookupCallable, inCategory } = catalogue;

function defaultFits(type: catalogue.ParamType, value: catalogue.DefaultValue): boolean {
    switch (type.kind) {
        case 'number': {
            if (typeof value !== 'number' || !Number.isFinite(value)) return false;
            if (type.integer && !Number.isInteger(value)) return false;
            if (type.min !== undefined && (type.minExclusive ? value <= type.min : value < type.min)) return false;
            if (type.max !== undefined && (type.maxExclusive ? value >= type.max : value > type.max)) return false;
            return true;
        }
        case 'boolean':
            return typeof value === 'boolean';
        case 'string':
            return typeof value === 'string';
        case 'symbol':
            return typeof value === 'string' && type.values.includes(value);
        case 'column':
        case 'columns':
            return false; // columns depend on the file: no default
        case 'numbers': {
            const depth = (v: unknown): number =>
                Array.isArray(v) ? 1 + Math.min(...v.map(depth)) : typeof v === 'number' ? 0 : -99;
            const d = depth(value);
            return d === type.rank || (type.scalar === true && d === 0);
        }
        case 'prior':
        case 'gate-level': {
            if (typeof value !== 'object' || value === null || Array.isArray(value) || !('call' in value)) return false;
            const spec = lookupCallable(value.call);
            if (!spec) return false;
            if (type.kind === 'prior' && !(spec.priorType && type.accepts.includes(spec.priorType))) return false;
            if (type.kind === 'gate-level' && !inCategory(spec, 'gate-level')) return false;
            return Object.entries(value.args).every(([name, v]) => {
                const param = spec.params.find(p => p.name === name);
                return param !== undefined && defaultFits(param.type, v);
            });
        }
    }
}

describe('parameter catalogue', () => {
    it('has unique callable names', () => {
        const names = CATALOGUE.map(c => c.name);
        expect(new Set(names).size).toBe(names.length);
    });

    it.each(CATALOGUE.map(c => [c.name, c] as const))('%s is documented and its defaults are valid', (_name, spec) => {
        expect(spec.doc.length).toBeGreaterThan(40);
        const paramNames = spec.params.map(p => p.name);
        expect(new Set(paramNames).size).toBe(paramNames.length);
        for (const param of spec.params) {
            expect(param.doc.length, `${spec.name}.${param.name} doc`).toBeGreaterThan(10);
            const defined = [param.required === true, param.default !== undefined, param.sameAs !== undefined].filter(
                Boolean
            ).length;
            expect(defined, `${spec.name}.${param.name}: exactly one of required, default, same as another`).toBe(1);
            if (param.default !== undefined) {
                expect(defaultFits(param.type, param.default), `${spec.name}.${param.name} default`).toBe(true);
            }
            if (param.sameAs !== undefined) {
                // A parameter of the same call, of the same type, with a value of its own: no chains, no cycles.
                const other = spec.params.find(p => p.name === param.sameAs);
                expect(other?.default, `${spec.name}.${param.name}: same as a defaulted parameter`).toBeDefined();
                expect(other?.type).toEqual(param.type);
            }
        }
        if (spec.category === 'distribution') expect(spec.priorType).toBeDefined();
    });

    it('rejects a default outside its range (the check can fail)', () => {
        expect(defaultFits({ kind: 'number', min: 0, minExclusive: true }, 0)).toBe(false);
        expect(defaultFits({ kind: 'prior', accepts: ['variance'] }, { call: 'horseshoe', args: {} })).toBe(false);
        expect(defaultFits({ kind: 'numbers', rank: 2 }, [1, 2])).toBe(false);
    });
});
