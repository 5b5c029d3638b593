import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { AwsApiError } from './aws-api-error.js';
import { LOCAL_ACCOUNT } from './template.js';

interface LocalSecret {
  name: string;
  arn: string;
  description?: string;
  secretString: string;
  versionId: string;
  createdDate: number;
  updatedDate: number;
}

/**
 * AWS Secrets Manager for the local cloud (the calls the product makes), kept in the data directory,
 * so that code reading secrets through `@aws-sdk/client-secrets-manager` runs unchanged.
 */
export class LocalSecretsManager {
  private readonly secrets = new Map<string, LocalSecret>();

  constructor(
    private readonly region: string,
    private readonly file?: string,
  ) {
    if (file && existsSync(file)) for (const secret of JSON.parse(readFileSync(file, 'utf8')) as LocalSecret[]) this.secrets.set(secret.name, secret);
  }

  private save(): void {
    if (this.file) writeFileSync(this.file, JSON.stringify([...this.secrets.values()]));
  }

  private find(id: unknown): LocalSecret {
    const secret = [...this.secrets.values()].find((candidate) => candidate.name === id || candidate.arn === id);
    if (!secret) throw new AwsApiError('ResourceNotFoundException', "Secrets Manager can't find the specified secret.");
    return secret;
  }

  handle(operation: string, body: Record<string, unknown>): unknown {
    const now = Date.now();
    switch (operation) {
      case 'CreateSecret': {
        const name = String(body.Name ?? '');
        if (!name) throw new AwsApiError('InvalidParameterException', 'Name is required');
        if (this.secrets.has(name)) throw new AwsApiError('ResourceExistsException', `The secret ${name} already exists.`);
        const secret: LocalSecret = {
          name,
          arn: `arn:aws:secretsmanager:${this.region}:${LOCAL_ACCOUNT}:secret:${name}-${randomUUID().slice(0, 6)}`,
          ...(typeof body.Description === 'string' ? { description: body.Description } : {}),
          secretString: String(body.SecretString ?? ''),
          versionId: randomUUID(),
          createdDate: now,
          updatedDate: now,
        };
        this.secrets.set(name, secret);
        this.save();
        return { ARN: secret.arn, Name: name, VersionId: secret.versionId };
      }
      case 'PutSecretValue': {
        const secret = this.find(body.SecretId);
        Object.assign(secret, { secretString: String(body.SecretString ?? ''), versionId: randomUUID(), updatedDate: now });
        this.save();
        return { ARN: secret.arn, Name: secret.name, VersionId: secret.versionId };
      }
      case 'GetSecretValue': {
        const secret = this.find(body.SecretId);
        return { ARN: secret.arn, Name: secret.name, SecretString: secret.secretString, VersionId: secret.versionId, CreatedDate: secret.updatedDate / 1000 };
      }
      case 'DescribeSecret': {
        const secret = this.find(body.SecretId);
        return { ARN: secret.arn, Name: secret.name, Description: secret.description, CreatedDate: secret.createdDate / 1000, LastChangedDate: secret.updatedDate / 1000 };
      }
      default:
        throw new AwsApiError('UnknownOperationException', `the local Secrets Manager does not implement ${operation}`);
    }
  }
}
