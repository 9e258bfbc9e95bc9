import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** user.agents: parents, guardians and relatives of a student (and the students of a parent). */
@Entity('user_agents')
@Index('ix_user_agents_agent', ['agentSourcedId', 'userSourcedId'])
export class UserAgentEntity {
  @PrimaryColumn({ name: 'user_sourced_id', type: String, length: 255 })
  userSourcedId: string;

  @PrimaryColumn({ name: 'agent_sourced_id', type: String, length: 255 })
  agentSourcedId: string;

  @Column({ type: Number })
  position: number;
}
