import type { Kysely, UserInfo } from '@greenroom/backend-plugin-api';
import type { AuthDatabase } from '../database/tables.js';

/**
 * What each user owned at their last sign-in or refresh; `/v1/userinfo` serves it, so
 * tokens stay small however many groups someone is in.
 *
 * @example
 * await store.save({ userEntityRef: 'user:default/jane', ownershipEntityRefs: ['user:default/jane'] });
 * await store.get('user:default/jane');
 */
export class UserInfoStore {
  readonly #db: Kysely<AuthDatabase>;

  constructor(db: Kysely<AuthDatabase>) {
    this.#db = db;
  }

  async save(info: UserInfo): Promise<void> {
    const ownership = JSON.stringify(info.ownershipEntityRefs);
    const updatedAt = Date.now();
    await this.#db
      .insertInto('auth_user_info')
      .values({ user_entity_ref: info.userEntityRef, ownership, updated_at: updatedAt })
      .onConflict((oc) => oc.column('user_entity_ref').doUpdateSet({ ownership, updated_at: updatedAt }))
      .execute();
  }

  /** The stored info, or just the user itself when it never signed in through this plugin. */
  async get(userEntityRef: string): Promise<UserInfo> {
    const row = await this.#db
      .selectFrom('auth_user_info')
      .select('ownership')
      .where('user_entity_ref', '=', userEntityRef)
      .executeTakeFirst();
    return {
      userEntityRef,
      ownershipEntityRefs: row ? (JSON.parse(row.ownership) as string[]) : [userEntityRef],
    };
  }
}
