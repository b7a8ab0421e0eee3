"""The GraphQL plumbing every area uses: context, errors, pagination, permissions."""
