import { Module } from '@nestjs/common';
import { EntraReservationsService } from './entra-reservations.service';
import { UsernameAssigner } from './username-assigner.service';
import { UsernameChangesService } from './username-changes.service';
import { UsernameReviewService } from './username-review.service';

/** Username review, corrections, Entra reservations and regeneration (CLI). */
@Module({
  providers: [UsernameAssigner, UsernameReviewService, UsernameChangesService, EntraReservationsService],
  exports: [UsernameAssigner, UsernameReviewService, UsernameChangesService, EntraReservationsService],
})
export class UsernamesModule {}
