import { CfnOutput, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { HttpUserPoolAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { AccountRecovery, CfnUserPoolGroup, Mfa, OAuthScope, StringAttribute, UserPool, type UserPoolClient } from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';

/** The groups an admin-API user belongs to: administrators see every store; agents and supervisors their own. */
export const ADMIN_GROUPS = {
  admin: 'Administrators: every store, registering stores, every decision',
  supervisor: 'Supervisors: their stores, and the tasks that wait for a supervisor',
  agent: "Agents: their stores' cases and tasks, except supervisors' tasks",
} as const;

/**
 * Who may use the admin API in AWS: a Cognito user pool (no self sign-up; the store's administrator adds people),
 * its groups, the stores each user works for (`custom:storeIds`, comma-separated), and the HTTP API's JWT
 * authorizer that checks an ID token before the admin function runs and hands it the claims. The local cloud plays
 * the same authorizer (local/jwt-authorizer.ts).
 */
export interface AdminAuthProps {
  /** Where the console is hosted (`-c consoleUrl=https://…/`): the user pool's sign-in sends people back there. */
  consoleUrl?: string;
}

export class AdminAuth extends Construct {
  readonly userPool: UserPool;
  readonly client: UserPoolClient;
  readonly authorizer: HttpUserPoolAuthorizer;

  constructor(scope: Construct, id: string, props: AdminAuthProps = {}) {
    super(scope, id);
    this.userPool = new UserPool(this, 'Users', {
      selfSignUpEnabled: false,
      signInAliases: { username: true, email: true },
      passwordPolicy: { minLength: 12, requireDigits: true, requireLowercase: true, requireUppercase: true, requireSymbols: true, tempPasswordValidity: Duration.days(3) },
      // Staff decide refunds: a second factor is required.
      mfa: Mfa.REQUIRED,
      mfaSecondFactor: { otp: true, sms: false },
      accountRecovery: AccountRecovery.EMAIL_ONLY,
      customAttributes: { storeIds: new StringAttribute({ mutable: true, maxLen: 2048 }) },
      removalPolicy: RemovalPolicy.RETAIN,
    });
    for (const [group, description] of Object.entries(ADMIN_GROUPS)) {
      new CfnUserPoolGroup(this, `${group}Group`, { userPoolId: this.userPool.userPoolId, groupName: group, description });
    }
    // The console signs in on the pool's hosted page, which hands it an ID token carrying the groups and the stores.
    this.client = this.userPool.addClient('Console', {
      authFlows: { userSrp: true },
      preventUserExistenceErrors: true,
      idTokenValidity: Duration.hours(1),
      ...(props.consoleUrl ? { oAuth: { flows: { implicitCodeGrant: true }, scopes: [OAuthScope.OPENID, OAuthScope.EMAIL, OAuthScope.PROFILE], callbackUrls: [props.consoleUrl] } } : {}),
    });
    this.authorizer = new HttpUserPoolAuthorizer('AdminAuthorizer', this.userPool, { userPoolClients: [this.client] });
    new CfnOutput(scope, 'AdminUserPoolId', { value: this.userPool.userPoolId, description: 'Cognito user pool of the admin API (add users to admin / supervisor / agent)' });
    new CfnOutput(scope, 'AdminUserPoolClientId', { value: this.client.userPoolClientId, description: 'App client the console signs in with' });
    if (props.consoleUrl) {
      const domain = this.userPool.addDomain('SignIn', { cognitoDomain: { domainPrefix: `after-sales-${Stack.of(this).account}` } });
      new CfnOutput(scope, 'AdminSignInUrl', {
        value: domain.signInUrl(this.client, { redirectUri: props.consoleUrl, signInPath: '/login' }).replace('response_type=code', 'response_type=token'),
        description: 'Sign-in page that returns to the console with an ID token',
      });
    }
  }
}
