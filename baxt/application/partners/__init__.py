"""What partner organisations see of the referrals made to them, and what they do with them."""
