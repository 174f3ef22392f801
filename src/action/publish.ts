import type { Octokit } from '@octokit/rest';
import type { PullRequest } from './context.js';
import { REVIEW_MARKER, type ReviewDraft } from './review.js';

/** Added to a replaced review's body, so later runs leave it alone. */
export const SUPERSEDED_MARKER = '<!-- omni-lint-review:superseded -->';

export interface PublishResult {
  /** Why nothing was posted, when nothing was. */
  skipped?: string;
  reviewId?: number;
  url?: string;
  /** Set when GitHub refused the inline comments and the review was posted with its body only. */
  commentsRefused?: string;
  /** Earlier omni-lint reviews that were replaced. */
  replaced: number;
  /** Their inline comments that were deleted, and those kept because someone replied to them. */
  deletedComments: number;
  keptComments: number;
}

/**
 * Posts the review and replaces this action's earlier ones. GitHub's REST API cannot delete or
 * dismiss a submitted COMMENT review (DELETE only removes pending reviews, and dismissals apply to
 * approvals and change requests), so an earlier review is replaced in the two steps it does allow:
 * its inline comments are deleted (DELETE /pulls/comments/{id}), except those someone replied to,
 * and its body is rewritten (PUT /pulls/{n}/reviews/{id}) to point at the new review. The new review
 * is posted first, so a failure leaves the old one intact. Only reviews carrying our marker and
 * written by the account that posts the new review are touched.
 */
export async function publishReview(octokit: Octokit, pr: PullRequest, draft: ReviewDraft, hasContent: boolean): Promise<PublishResult> {
  const repo = { owner: pr.owner, repo: pr.repo, pull_number: pr.number };
  const reviews = await octokit.paginate(octokit.rest.pulls.listReviews, { ...repo, per_page: 100 });
  const earlier = reviews.filter((r) => r.body?.includes(REVIEW_MARKER) && !r.body.includes(SUPERSEDED_MARKER));
  const result: PublishResult = { replaced: 0, deletedComments: 0, keptComments: 0 };
  if (!hasContent && earlier.length === 0) return { ...result, skipped: 'no findings in the changed files and no earlier omni-lint review to replace' };

  const post = (body: string, comments: ReviewDraft['comments']) =>
    octokit.rest.pulls.createReview({ ...repo, commit_id: pr.headSha, event: 'COMMENT', body, comments });
  let created;
  try {
    created = (await post(draft.body, draft.comments)).data;
  } catch (e) {
    // 422: a line GitHub does not consider part of the diff, or the review was "submitted too quickly".
    if (status(e) !== 422 || draft.comments.length === 0) throw e;
    result.commentsRefused = (e as Error).message;
    const note = `\n\n_GitHub refused the inline comments (${oneLine(result.commentsRefused)}), so every finding is listed above._\n`;
    created = (await post(draft.bodyWithoutComments.trimEnd() + note, [])).data;
  }
  result.reviewId = created.id;
  result.url = created.html_url;

  const me = created.user?.login;
  const old = earlier.filter((r) => r.id !== created.id && me !== undefined && r.user?.login === me);
  if (old.length === 0) return result;
  const oldIds = new Set(old.map((r) => r.id));
  const comments = await octokit.paginate(octokit.rest.pulls.listReviewComments, { ...repo, per_page: 100 });
  const repliedTo = new Set(comments.map((c) => c.in_reply_to_id).filter((id): id is number => id !== undefined));
  for (const c of comments) {
    if (c.pull_request_review_id == null || !oldIds.has(c.pull_request_review_id) || c.in_reply_to_id !== undefined) continue;
    if (repliedTo.has(c.id)) {
      result.keptComments++;
      continue;
    }
    await octokit.rest.pulls.deleteReviewComment({ owner: pr.owner, repo: pr.repo, comment_id: c.id });
    result.deletedComments++;
  }
  for (const r of old) {
    const body = `${REVIEW_MARKER}\n${SUPERSEDED_MARKER}\n_This omni-lint review is out of date: see [the review of ${pr.headSha.slice(0, 7)}](${created.html_url})._\n`;
    await octokit.rest.pulls.updateReview({ ...repo, review_id: r.id, body });
    result.replaced++;
  }
  return result;
}

function status(e: unknown): number | undefined {
  return typeof e === 'object' && e !== null && 'status' in e && typeof e.status === 'number' ? e.status : undefined;
}

function oneLine(s: string): string {
  return s.replace(/\s+/g, ' ').slice(0, 300);
}
