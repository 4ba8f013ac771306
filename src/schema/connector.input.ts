import { IsDefined, IsOptional, IsUrl, MaxLength, ValidateIf, ValidateNested } from 'class-validator';
import { Directive, Field, InputType } from 'type-graphql';
import { MAX_PKCS12_BASE64_LENGTH } from '../pkcs12/read';
import { HasNoControlCharacters, IsNotBlank, IsOpenablePkcs12, messages } from './validation';

/**
 * The GraphQL input types, with their validation rules. Graph documents no lengths; the bounds
 * below keep every request small while leaving room for any real value.
 */
const MAX_NAME = 256;
const MAX_URL = 2048;
const MAX_SECRET = 256;
/** validator.js isURL options: https only, scheme required, no user:password@. */
const HTTPS_URL = {
  protocols: ['https'],
  require_protocol: true,
  require_valid_protocol: true,
  disallow_auth: true,
};

@InputType({
  description: 'Username and password that Entra sends to the API with HTTP basic authentication.',
})
export class BasicAuthenticationInput {
  @Field({ description: 'The username the API expects.' })
  @IsNotBlank()
  @HasNoControlCharacters()
  @MaxLength(MAX_NAME, { message: messages.maxLength(MAX_NAME) })
  username!: string;

  @Field({ description: 'The password the API expects. Write-only: it is never returned.' })
  @IsNotBlank()
  @MaxLength(MAX_SECRET, { message: messages.maxLength(MAX_SECRET) })
  password!: string;
}

@InputType({ description: 'A client certificate with its private key, as a PKCS#12 (.pfx) file.' })
export class Pkcs12CertificateInput {
  @Field({
    description:
      'The PKCS#12 (.pfx) file, base64-encoded (at most 64 KiB decoded). Both the OpenSSL 3 default (AES-256) and the legacy 3DES/RC2 encryption are accepted. Write-only.',
  })
  @IsOpenablePkcs12('password')
  @MaxLength(MAX_PKCS12_BASE64_LENGTH, { message: messages.maxLength(MAX_PKCS12_BASE64_LENGTH) })
  pkcs12Value!: string;

  @Field({
    description: 'The password that opens the PKCS#12 file (empty for a file without one). Write-only.',
  })
  @MaxLength(MAX_SECRET, { message: messages.maxLength(MAX_SECRET) })
  password!: string;
}

@Directive('@oneOf')
@InputType({ description: 'How Entra authenticates to the API. Set exactly one of the fields.' })
export class AuthenticationConfigurationInput {
  @Field(() => BasicAuthenticationInput, { nullable: true, description: 'HTTP basic authentication.' })
  @IsOptional()
  @ValidateNested()
  basic?: BasicAuthenticationInput;

  @Field(() => Pkcs12CertificateInput, {
    nullable: true,
    description: 'Client certificate authentication with a PKCS#12 file.',
  })
  @IsOptional()
  @ValidateNested()
  pkcs12Certificate?: Pkcs12CertificateInput;
}

@InputType({ description: 'A new API connector.' })
export class CreateApiConnectorInput {
  @Field({
    description: `Name shown for the connector in the Entra admin center (at most ${MAX_NAME} characters).`,
  })
  @IsNotBlank()
  @HasNoControlCharacters()
  @MaxLength(MAX_NAME, { message: messages.maxLength(MAX_NAME) })
  displayName!: string;

  @Field({ description: `The absolute https URL of the API to call (at most ${MAX_URL} characters).` })
  @IsUrl(HTTPS_URL, { message: messages.httpsUrl })
  @MaxLength(MAX_URL, { message: messages.maxLength(MAX_URL) })
  targetUrl!: string;

  @Field(() => AuthenticationConfigurationInput, { description: 'How Entra authenticates to the API.' })
  @ValidateNested()
  authenticationConfiguration!: AuthenticationConfigurationInput;
}

@InputType({
  description:
    'Changes to an API connector: only the fields given change. A new authenticationConfiguration replaces the current one whole (this is how a connector moves from basic to certificate authentication).',
})
export class UpdateApiConnectorInput {
  @Field({ nullable: true, description: `New name (at most ${MAX_NAME} characters).` })
  @ValidateIf(isGiven)
  @MaxLength(MAX_NAME, { message: messages.maxLength(MAX_NAME) })
  @HasNoControlCharacters()
  @IsNotBlank()
  @IsDefined({ message: messages.notNull })
  displayName?: string;

  @Field({ nullable: true, description: `New absolute https URL (at most ${MAX_URL} characters).` })
  @ValidateIf(isGiven)
  @IsUrl(HTTPS_URL, { message: messages.httpsUrl })
  @MaxLength(MAX_URL, { message: messages.maxLength(MAX_URL) })
  @IsDefined({ message: messages.notNull })
  targetUrl?: string;

  @Field(() => AuthenticationConfigurationInput, {
    nullable: true,
    description: 'New authentication configuration, replacing the current one.',
  })
  @ValidateIf(isGiven)
  @ValidateNested()
  @IsDefined({ message: messages.notNull })
  authenticationConfiguration?: AuthenticationConfigurationInput;
}

/** A field left out is not changed; a field given as null is an error, not "clear it". */
function isGiven(_object: object, value: unknown): boolean {
  return value !== undefined;
}
