import { Module } from '@nestjs/common';
import { PublicationModule } from '../publication/publication.module';
import { EntraPreviewService } from './entra-preview.service';
import { EntraReservationsService } from './entra-reservations.service';
import { UsernameChangesService } from './username-changes.service';
import { UsernameReviewService } from './username-review.service';

/** Username review, corrections, Entra reservations and regeneration (CLI). */
@Module({
  imports: [PublicationModule],
  providers: [UsernameReviewService, UsernameChangesService, EntraReservationsService, EntraPreviewService],
  exports: [UsernameReviewService, UsernameChangesService, EntraReservationsService, EntraPreviewService],
})
export class UsernamesModule {}
