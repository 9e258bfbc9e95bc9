import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsArray, IsBoolean, IsIn, IsInt, IsOptional, IsString } from 'class-validator';
import { TenantInput } from '../tenants/tenants.service';
import { EMAIL_SOURCES, EmailSource, FUTURE_STUDENTS, FutureStudents } from '../tenancy/tenant.entity';

/** A tenant's settings as the admin API takes them: the options of `tenants create|update`, the same checks. */
export class TenantInputDto implements TenantInput {
  @ApiPropertyOptional({ example: 'Scholengroep Brugge' })
  @IsOptional()
  @IsString()
  name?: string;

  @ApiPropertyOptional({ nullable: true, description: "The board's Microsoft Entra tenant id" })
  @IsOptional()
  @IsString()
  entraTenantId?: string | null;

  @ApiPropertyOptional({ description: 'Every org is in scope' })
  @IsOptional()
  @IsBoolean()
  allOrgs?: boolean;

  @ApiPropertyOptional({ type: [String], description: 'sourcedIds or identifiers of the orgs in scope' })
  @IsOptional()
  @IsArray()
  @IsString({ each: true })
  orgs?: string[];

  @ApiPropertyOptional({ type: [String], description: 'orgs left out of the scope' })
  @IsOptional()
  @IsArray()
  @IsString({ each: true })
  excludeOrgs?: string[];

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  demographicsEnabled?: boolean;

  @ApiPropertyOptional({ example: '{given}.{family}' })
  @IsOptional()
  @IsString()
  usernameFormat?: string;

  @ApiPropertyOptional({ minimum: 8, maximum: 64 })
  @IsOptional()
  @IsInt()
  usernameMaxLength?: number;

  @ApiPropertyOptional({ nullable: true, example: 'school.be' })
  @IsOptional()
  @IsString()
  domain?: string | null;

  @ApiPropertyOptional({ nullable: true })
  @IsOptional()
  @IsString()
  staffDomain?: string | null;

  @ApiPropertyOptional({ nullable: true })
  @IsOptional()
  @IsString()
  studentDomain?: string | null;

  @ApiPropertyOptional({ enum: EMAIL_SOURCES })
  @IsOptional()
  @IsIn(EMAIL_SOURCES)
  emailSource?: EmailSource;

  @ApiPropertyOptional({ nullable: true })
  @IsOptional()
  @IsString()
  classTitleFormat?: string | null;

  @ApiPropertyOptional({ enum: FUTURE_STUDENTS })
  @IsOptional()
  @IsIn(FUTURE_STUDENTS)
  futureStudents?: FutureStudents;

  @ApiPropertyOptional({ example: 'Europe/Brussels' })
  @IsOptional()
  @IsString()
  timeZone?: string;

  @ApiPropertyOptional({ example: '08-01', description: 'MM-DD' })
  @IsOptional()
  @IsString()
  schoolYearSwitch?: string;

  @ApiPropertyOptional({ nullable: true, description: "The mass-removal guard's percentage; null: the default" })
  @IsOptional()
  @IsInt()
  guardPercent?: number | null;

  @ApiPropertyOptional({ nullable: true, description: "The mass-removal guard's minimum; null: the default" })
  @IsOptional()
  @IsInt()
  guardMinimum?: number | null;
}

/** A new tenant: its id and its settings. */
export class NewTenantDto extends TenantInputDto {
  @ApiProperty({ example: 'scholengroep-brugge', description: '1-64 characters a-z, 0-9 and -' })
  @IsString()
  id!: string;
}
