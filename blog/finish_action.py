"""``WAGTAIL_FINISH_WORKFLOW_ACTION``: what happens when the review workflow approves.

Wagtail imports this while ``wagtail.models`` is still loading, so it imports
the rest of the blog only when called.
"""


def publish_on_approval(workflow_state, user=None):
    from blog import review  # wagtail.models imports this module while it is still loading

    review.publish_on_approval(workflow_state, user=user)
