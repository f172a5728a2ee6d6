/**
 * ASP.NET Core inline route constraints, as the Functions host applies them to route parameters
 * (`{id:int}`, `{name:alpha:minlength(2)}`, `{n:range(1,10)}`, `{code:regex(^[a-z]{{2}}$)}`).
 */

export type RouteConstraint = (value: string) => boolean;

const integerText = /^[+-]?\d+$/;
const numberText = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const guidForms = [
  /^[0-9a-f]{32}$/i,
  /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i,
  /^\{[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\}$/i,
  /^\([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\)$/i,
];

function integerWithin(min: bigint, max: bigint): RouteConstraint {
  return (value) => integerText.test(value) && BigInt(value) >= min && BigInt(value) <= max;
}

function numberArguments(name: string, args: string[], count: number): number[] {
  const numbers = args.map(Number);
  if (args.length !== count || numbers.some((n) => !Number.isFinite(n))) {
    throw new Error(`Route constraint "${name}" needs ${count} numeric argument(s).`);
  }
  return numbers;
}

function longWithin(min: number, max: number): RouteConstraint {
  if (!Number.isInteger(min) || !Number.isInteger(max))
    throw new Error('Route constraint bounds must be integers.');
  return integerWithin(BigInt(min), BigInt(max));
}

/** Builds the constraint `name(args)`; an unknown name is an error, as it makes the real host skip the function. */
export function createRouteConstraint(name: string, argumentText: string | undefined): RouteConstraint {
  const args = argumentText === undefined ? [] : argumentText.split(',').map((part) => part.trim());
  switch (name.toLowerCase()) {
    case 'int':
      return integerWithin(-(2n ** 31n), 2n ** 31n - 1n);
    case 'long':
      return integerWithin(-(2n ** 63n), 2n ** 63n - 1n);
    case 'bool':
      return (value) => /^(true|false)$/i.test(value);
    case 'decimal':
    case 'double':
    case 'float':
      return (value) => numberText.test(value);
    case 'guid':
      return (value) => guidForms.some((form) => form.test(value));
    case 'datetime':
      return (value) => !Number.isNaN(Date.parse(value));
    case 'alpha':
      return (value) => /^[a-z]*$/i.test(value);
    case 'required':
      return (value) => value !== '';
    case 'minlength': {
      const [min = 0] = numberArguments(name, args, 1);
      return (value) => value.length >= min;
    }
    case 'maxlength': {
      const [max = 0] = numberArguments(name, args, 1);
      return (value) => value.length <= max;
    }
    case 'length': {
      const [min = 0, max = min] = numberArguments(name, args, args.length === 2 ? 2 : 1);
      return (value) => value.length >= min && value.length <= max;
    }
    case 'min': {
      const [min = 0] = numberArguments(name, args, 1);
      return integerWithin(BigInt(min), 2n ** 63n - 1n);
    }
    case 'max': {
      const [max = 0] = numberArguments(name, args, 1);
      return integerWithin(-(2n ** 63n), BigInt(max));
    }
    case 'range': {
      const [min = 0, max = 0] = numberArguments(name, args, 2);
      return longWithin(min, max);
    }
    case 'regex': {
      // ASP.NET matches regex constraints case-insensitively and unanchored (templates usually add ^ and $).
      const pattern = new RegExp(argumentText ?? '', 'i');
      return (value) => pattern.test(value);
    }
    default:
      throw new Error(`The route constraint "${name}" is not known.`);
  }
}
