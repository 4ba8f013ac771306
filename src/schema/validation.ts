import {
  registerDecorator,
  validate,
  type ValidationArguments,
  type ValidationError,
  type ValidationOptions,
} from 'class-validator';
import { badUserInput, type InvalidField } from '../errors';
import { Pkcs12Error } from '../pkcs12/read';
import { sharedPkcs12Reader } from '../pkcs12/read-pool';
import { decodeCursor } from './cursor';

/**
 * Input validation with class-validator, run by type-graphql on the arguments of every field before its
 * resolver (passed once as buildSchema's `validateFn`). Errors name the field and the rule, never
 * the value: class-validator's own error objects carry `target` and `value`, which are not used.
 */
export async function validateArguments(argValue: unknown): Promise<void> {
  if (argValue === null || typeof argValue !== 'object') return;
  // One message per field: class-validator applies a property's rules from the lowest decorator up,
  // and stops at the first one broken, so the most basic rule (not null, not blank) sits lowest.
  const errors = await validate(argValue, {
    forbidUnknownValues: true,
    stopAtFirstError: true,
    validationError: { target: false, value: false },
  });
  if (errors.length === 0) return;
  // Every field takes its arguments as one @ArgsType class (connector.args.ts): paths start at an argument's name.
  throw badUserInput(flatten(errors, []));
}

function flatten(errors: ValidationError[], parent: string[]): InvalidField[] {
  return errors.flatMap((error) => {
    const path = [...parent, error.property];
    const own: InvalidField[] = error.constraints
      ? [
          {
            path: path.join('.'),
            constraints: Object.keys(error.constraints),
            messages: Object.values(error.constraints),
          },
        ]
      : [];
    return [...own, ...flatten(error.children ?? [], path)];
  });
}

/** The message of every rule says what is expected of "$property"; none quotes $value. */
export const messages = {
  notBlank: '$property must not be empty or only spaces',
  maxLength: (max: number) => `$property must be at most ${max} characters long`,
  noControlCharacters: '$property must not contain control characters',
  httpsUrl: '$property must be an absolute https URL without user name or password',
  notNull: '$property must not be null',
  guid: '$property must be a GUID, such as 45715bb8-13f9-4bf6-927f-ef96c102d394',
  nothingToChange: '$property must change at least one field',
  cursor: '$property must be a pageInfo.endCursor returned by this API',
};

/** Letters, digits, punctuation and spaces; no C0/C1 control characters (tabs and newlines included). */
export function HasNoControlCharacters(options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'hasNoControlCharacters',
      target: target.constructor,
      propertyName: propertyName as string,
      options: { message: messages.noControlCharacters, ...options },
      validator: { validate: (value: unknown) => typeof value === 'string' && !/\p{Cc}/u.test(value) },
    });
}

/** Not empty once leading and trailing white space is removed. */
export function IsNotBlank(options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isNotBlank',
      target: target.constructor,
      propertyName: propertyName as string,
      options: { message: messages.notBlank, ...options },
      validator: { validate: (value: unknown) => typeof value === 'string' && value.trim().length > 0 },
    });
}

/**
 * base64 of a PKCS#12 file that opens with the password in the sibling property and holds a
 * certificate: checked here so that the caller learns which field is wrong instead of getting
 * Graph's 400. Opening one takes tens of milliseconds of CPU: it runs on the reader pool's threads
 * (pkcs12/read-pool.ts), and the validator awaits it (class-validator's async validation).
 */
export function IsOpenablePkcs12(passwordProperty: string, options?: ValidationOptions): PropertyDecorator {
  const problems = new WeakMap<object, Pkcs12Error>();
  return (target, propertyName) =>
    registerDecorator({
      name: 'isOpenablePkcs12',
      target: target.constructor,
      propertyName: propertyName as string,
      options,
      validator: {
        async validate(value: unknown, args: ValidationArguments) {
          const password = (args.object as Record<string, unknown>)[passwordProperty];
          if (typeof value !== 'string' || typeof password !== 'string') return false;
          try {
            await sharedPkcs12Reader().read(value, password);
            return true;
          } catch (error) {
            if (!(error instanceof Pkcs12Error)) throw error;
            problems.set(args.object, error);
            return false;
          }
        },
        defaultMessage(args: ValidationArguments) {
          const problem = problems.get(args.object)?.message ?? 'is not a PKCS#12 file';
          return `$property ${problem}`;
        },
      },
    });
}

/** A list cursor made by this API (cursor.ts). */
export function IsCursor(options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isCursor',
      target: target.constructor,
      propertyName: propertyName as string,
      options: { message: messages.cursor, ...options },
      validator: {
        validate: (value: unknown) => typeof value === 'string' && decodeCursor(value) !== undefined,
      },
    });
}
