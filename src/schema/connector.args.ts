import { IsNotEmptyObject, Matches, Max, Min, ValidateIf, ValidateNested } from 'class-validator';
import { ArgsType, Field, ID, Int } from 'type-graphql';
import { CreateApiConnectorInput, Pkcs12CertificateInput, UpdateApiConnectorInput } from './connector.input';
import { IsCursor, messages } from './validation';

/**
 * The arguments of each field, one class per field: validation sees them together, and reports
 * paths from the argument name (`id`, `input.targetUrl`).
 */
/** Graph's connector ids are GUIDs. */
export const GUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
export const MAX_PAGE_SIZE = 100;
export const DEFAULT_PAGE_SIZE = 25;

@ArgsType()
export class ApiConnectorIdArgs {
  @Field(() => ID, { description: 'The connector id (a GUID).' })
  @Matches(GUID, { message: messages.guid })
  id!: string;
}

@ArgsType()
export class ApiConnectorsArgs {
  @Field(() => Int, {
    defaultValue: DEFAULT_PAGE_SIZE,
    description: `How many connectors to return, from 1 to ${MAX_PAGE_SIZE}.`,
  })
  @Min(1, { message: `$property must be at least 1` })
  @Max(MAX_PAGE_SIZE, { message: `$property must be at most ${MAX_PAGE_SIZE}` })
  first!: number;

  @Field(() => String, {
    nullable: true,
    description: "Continue after this cursor: a previous page's pageInfo.endCursor.",
  })
  @ValidateIf((_object, value) => value !== undefined && value !== null)
  @IsCursor()
  after?: string | null;
}

@ArgsType()
export class CreateApiConnectorArgs {
  @Field(() => CreateApiConnectorInput, { description: 'The new connector.' })
  @ValidateNested()
  input!: CreateApiConnectorInput;
}

@ArgsType()
export class UpdateApiConnectorArgs extends ApiConnectorIdArgs {
  @Field(() => UpdateApiConnectorInput, { description: 'The fields to change.' })
  @ValidateNested()
  @IsNotEmptyObject({ nullable: true }, { message: messages.nothingToChange })
  input!: UpdateApiConnectorInput;
}

@ArgsType()
export class UploadApiConnectorClientCertificateArgs extends ApiConnectorIdArgs {
  @Field(() => Pkcs12CertificateInput, { description: 'The certificate to add, as a PKCS#12 file.' })
  @ValidateNested()
  input!: Pkcs12CertificateInput;
}
