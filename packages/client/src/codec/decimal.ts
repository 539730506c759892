// Decimal: an exact arbitrary-precision decimal (Java BigDecimal: unscaled * 10^-scale), and its
// DECIMAL payload (ODecimalSerializer): int32 scale + int32 length + big-endian two's-complement unscaled.
import { InvalidArgumentError } from '../errors.js';

const DECIMAL_PATTERN = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;
const INT32_MIN = -2147483648;
const INT32_MAX = 2147483647;

export class Decimal {
  /** The digits, as an integer. */
  readonly unscaled: bigint;
  /** Digits after the decimal point (negative: trailing zeros before it). int32, as in Java. */
  readonly scale: number;

  constructor(unscaled: bigint, scale = 0) {
    if (typeof unscaled !== 'bigint') throw new InvalidArgumentError('Decimal: unscaled must be a bigint');
    if (!Number.isInteger(scale) || scale < INT32_MIN || scale > INT32_MAX) {
      throw new InvalidArgumentError(`Decimal: scale ${scale} is not a 32-bit integer`);
    }
    this.unscaled = unscaled;
    this.scale = scale;
  }

  /** Parses '12.50', '-0.001', '1E+3', '6.02e23' exactly (the scale keeps trailing zeros, as BigDecimal does). */
  static parse(s: string): Decimal {
    const m = typeof s === 'string' ? DECIMAL_PATTERN.exec(s.trim()) : null;
    if (!m || (m[2] === '' && (m[3] === undefined || m[3] === ''))) {
      throw new InvalidArgumentError(`not a decimal number: ${JSON.stringify(s)}`);
    }
    const frac = m[3] ?? '';
    const digits = (m[2] ?? '') + frac;
    let unscaled = BigInt(digits);
    if (m[1] === '-') unscaled = -unscaled;
    const exp = m[4] === undefined ? 0 : Number(m[4]);
    const scale = frac.length - exp;
    if (!Number.isSafeInteger(exp) || scale < INT32_MIN || scale > INT32_MAX) {
      throw new InvalidArgumentError(`decimal exponent out of range: ${JSON.stringify(s)}`);
    }
    return new Decimal(unscaled, scale);
  }

  /** A Decimal from a Decimal, a decimal string, a bigint, or a finite number (via its shortest round-trip string). */
  static from(x: Decimal | string | number | bigint): Decimal {
    if (x instanceof Decimal) return x;
    if (typeof x === 'bigint') return new Decimal(x, 0);
    if (typeof x === 'number') {
      if (!Number.isFinite(x)) throw new InvalidArgumentError(`${x} cannot be a Decimal`);
      return Decimal.parse(String(x));
    }
    return Decimal.parse(x);
  }

  /** Same text as Java's BigDecimal.toString(): plain unless the exponent is large or the scale negative. */
  toString(): string {
    const neg = this.unscaled < 0n;
    const digits = (neg ? -this.unscaled : this.unscaled).toString();
    const sign = neg ? '-' : '';
    const adjusted = digits.length - 1 - this.scale;
    if (this.scale >= 0 && adjusted >= -6) {
      if (this.scale === 0) return sign + digits;
      if (digits.length > this.scale) {
        const cut = digits.length - this.scale;
        return `${sign}${digits.slice(0, cut)}.${digits.slice(cut)}`;
      }
      return `${sign}0.${'0'.repeat(this.scale - digits.length)}${digits}`;
    }
    const mantissa = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    return `${sign}${mantissa}E${adjusted >= 0 ? '+' : ''}${adjusted}`;
  }

  toJSON(): string {
    return this.toString();
  }

  /** The nearest double (may round). */
  toNumber(): number {
    return Number(this.toString());
  }

  /** Same unscaled value and scale (like BigDecimal.equals: 1.0 and 1.00 differ). */
  equals(o: unknown): boolean {
    return o instanceof Decimal && o.unscaled === this.unscaled && o.scale === this.scale;
  }
}

/** Minimal big-endian two's-complement bytes of `v` (Java BigInteger.toByteArray). */
export function bigintToBytes(v: bigint): Uint8Array {
  let bits = 1;
  const mag = v < 0n ? -v - 1n : v;
  bits += mag.toString(2).length;
  if (mag === 0n) bits = 1;
  const len = Math.ceil(bits / 8);
  const u = BigInt.asUintN(len * 8, v);
  let hex = u.toString(16);
  if (hex.length < len * 2) hex = '0'.repeat(len * 2 - hex.length) + hex;
  const out = new Uint8Array(len);
  for (let i = 0; i < len; i++) out[i] = parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return out;
}

/** The bigint of big-endian two's-complement bytes (non-empty). */
export function bytesToBigint(b: Uint8Array): bigint {
  if (b.length <= 6) {
    let n = 0;
    for (let i = 0; i < b.length; i++) n = n * 256 + b[i]!;
    if (b[0]! & 0x80) n -= 2 ** (8 * b.length);
    return BigInt(n);
  }
  let hex = '0x';
  for (let i = 0; i < b.length; i++) hex += (b[i]! < 16 ? '0' : '') + b[i]!.toString(16);
  const u = BigInt(hex);
  return b[0]! & 0x80 ? u - (1n << BigInt(8 * b.length)) : u;
}
